import { detectImageType, readDeclaredType } from './image-type';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('detectImageType', () => {
  it('knows JPEG, PNG and both TIFF byte orders by their first bytes', () => {
    expect(detectImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(detectImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe(
      'image/png',
    );
    expect(detectImageType(bytes(0x49, 0x49, 0x2a, 0x00, 8))).toBe('image/tiff');
    expect(detectImageType(bytes(0x4d, 0x4d, 0x00, 0x2a, 0))).toBe('image/tiff');
  });

  it('refuses anything else, and a head too short to tell', () => {
    expect(detectImageType(Buffer.from('%PDF-1.7\n'))).toBeNull();
    expect(detectImageType(Buffer.from('GIF89a'))).toBeNull();
    expect(detectImageType(bytes(0xff, 0xd8))).toBeNull();
    expect(detectImageType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
  });
});

describe('readDeclaredType', () => {
  it('maps the names clients use to the accepted types', () => {
    expect(readDeclaredType('image/jpg')).toBe('image/jpeg');
    expect(readDeclaredType('IMAGE/PNG; name=x')).toBe('image/png');
    expect(readDeclaredType('image/tif')).toBe('image/tiff');
  });

  it('treats a missing or generic type as unknown and any other type as refused', () => {
    expect(readDeclaredType(undefined)).toBe('unknown');
    expect(readDeclaredType('application/octet-stream')).toBe('unknown');
    expect(readDeclaredType('application/pdf')).toBe('refused');
    expect(readDeclaredType('image/gif')).toBe('refused');
  });
});
