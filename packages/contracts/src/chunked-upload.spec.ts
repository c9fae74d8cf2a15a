import { acceptedFileTypes } from './chunked-upload';

const bytes = (...values: number[]) => Uint8Array.from(values);
const images = acceptedFileTypes(['image/jpeg', 'image/png', 'image/tiff'], 'an image');
const documents = acceptedFileTypes(['application/pdf', 'image/gif'], 'a document');

describe('acceptedFileTypes().detect', () => {
  it('knows JPEG, PNG, both TIFF byte orders, PDF and GIF by their first bytes', () => {
    expect(images.detect(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(images.detect(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe(
      'image/png',
    );
    expect(images.detect(bytes(0x49, 0x49, 0x2a, 0x00, 8))).toBe('image/tiff');
    expect(images.detect(bytes(0x4d, 0x4d, 0x00, 0x2a, 0))).toBe('image/tiff');
    expect(documents.detect(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(documents.detect(Buffer.from('GIF89a'))).toBe('image/gif');
  });

  it('refuses a known type outside the accepted ones, anything else, and a head too short', () => {
    expect(images.detect(Buffer.from('%PDF-1.7\n'))).toBeNull();
    expect(documents.detect(bytes(0xff, 0xd8, 0xff, 0xe0))).toBeNull();
    expect(documents.detect(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(images.detect(bytes(0xff, 0xd8))).toBeNull();
    expect(images.detect(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
  });
});

describe('acceptedFileTypes().readDeclared', () => {
  it('maps the names clients use to the accepted types', () => {
    expect(images.readDeclared('image/jpg')).toBe('image/jpeg');
    expect(images.readDeclared('IMAGE/PNG; name=x')).toBe('image/png');
    expect(images.readDeclared('image/tif')).toBe('image/tiff');
    expect(documents.readDeclared('application/pdf')).toBe('application/pdf');
  });

  it('treats a missing or generic type as unknown and any other type as refused', () => {
    expect(images.readDeclared(undefined)).toBe('unknown');
    expect(images.readDeclared('application/octet-stream')).toBe('unknown');
    expect(images.readDeclared('application/pdf')).toBe('refused');
    expect(images.readDeclared('image/gif')).toBe('refused');
    expect(documents.readDeclared('application/x-msdownload')).toBe('refused');
  });
});
