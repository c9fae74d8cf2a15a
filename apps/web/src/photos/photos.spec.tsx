import { type CasePhoto } from '@opencen/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { CaseForm, PHOTOS_STEP } from '../cases/CaseForm';
import { fakeApi, renderScreen } from '../testing/render';
import { CasePhotoGallery } from './CasePhotoGallery';

const photo = (id: string, caption: string): CasePhoto => ({
  id,
  caseId: 'case-1',
  kind: 'photo',
  caption,
  contentType: 'image/png',
  size: 1234,
  sha256: 'a'.repeat(64),
  uploadedBy: 'sub-officer',
  uploadedAt: '2026-12-01T10:00:00Z',
  thumbnail: { contentType: 'image/jpeg', width: 100, height: 80, size: 500 },
});

beforeAll(() => {
  // jsdom has no object URLs.
  URL.createObjectURL = vi.fn(() => `blob:${Math.random()}`);
  URL.revokeObjectURL = vi.fn();
});

const png = () =>
  new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'bag.png', { type: 'image/png' });

function renderPhotoStep(overrides: Record<string, unknown>) {
  const api = fakeApi({
    listCasePhotos: vi.fn().mockResolvedValue({ items: [] }),
    casePhotoImage: vi.fn().mockResolvedValue(new Blob(['x'], { type: 'image/jpeg' })),
    ...overrides,
  });
  renderScreen(
    <CaseForm heading="Edit" caseId="case-1" initialStep={PHOTOS_STEP} onSave={vi.fn()} />,
    { api },
  );
  return api;
}

describe('the photo step', () => {
  it('uploads the chosen image with its kind and caption, then shows its thumbnail', async () => {
    const listed = vi
      .fn()
      .mockResolvedValueOnce({ items: [] })
      .mockResolvedValue({ items: [photo('p1', 'Double bottom')] });
    const upload = vi.fn().mockResolvedValue(photo('p1', 'Double bottom'));
    renderPhotoStep({ listCasePhotos: listed, uploadCasePhoto: upload });
    await screen.findByText('No photos yet.');
    await userEvent.type(screen.getByLabelText('Caption'), 'Double bottom');
    const file = png();
    await userEvent.upload(screen.getByLabelText('Image file'), file);
    await waitFor(() =>
      expect(upload).toHaveBeenCalledWith('case-1', file, 'photo', 'Double bottom'),
    );
    expect(await screen.findByRole('status')).toHaveTextContent('The image was added.');
    expect(
      await screen.findByRole('button', { name: 'Photo 1: Double bottom' }),
    ).toBeInTheDocument();
  });

  it('shows a type the API refuses at the file field, and adds nothing', async () => {
    const upload = vi
      .fn()
      .mockRejectedValue(
        new ApiProblem(400, 'Bad Request', 'The file is not a JPEG, PNG or TIFF image', [
          { path: 'file', reason: 'The file is not a JPEG, PNG or TIFF image' },
        ]),
      );
    renderPhotoStep({ uploadCasePhoto: upload });
    const input = screen.getByLabelText('Image file');
    // Declared as PNG, the browser lets it through: the API reads its bytes and refuses it.
    await userEvent.upload(input, new File(['%PDF-1.7'], 'scan.png', { type: 'image/png' }));
    expect(
      await screen.findByText('The file is not a JPEG, PNG or TIFF image'),
    ).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('The file is not a JPEG, PNG or TIFF image');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('refuses a type the browser knows is not an image the API takes, without sending it', async () => {
    const upload = vi.fn();
    renderPhotoStep({ uploadCasePhoto: upload });
    const input = screen.getByLabelText('Image file');
    await userEvent.upload(input, new File(['GIF89a'], 'a.gif', { type: 'image/gif' }), {
      applyAccept: false,
    });
    expect(
      await screen.findByText(
        'A image/gif file cannot be added: choose a JPEG, PNG or TIFF image.',
      ),
    ).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(upload).not.toHaveBeenCalled();
  });

  it('asks a new case to be saved before photos are added', async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    renderScreen(<CaseForm heading="New" initialStep={PHOTOS_STEP} onSave={onSave} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save the draft and add photos' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ type: 'seizure' }), 'photos');
  });
});

describe('the photo viewer', () => {
  it('opens a thumbnail in a dialog, goes to the next photo, and closes with Escape', async () => {
    const image = vi.fn().mockResolvedValue(new Blob(['x'], { type: 'image/png' }));
    const api = fakeApi({
      listCasePhotos: vi.fn().mockResolvedValue({
        items: [photo('p1', 'Suitcase'), { ...photo('p2', 'Scan'), kind: 'xray' }],
      }),
      casePhotoImage: image,
    });
    renderScreen(<CasePhotoGallery caseId="case-1" />, { api });
    const list = await screen.findByRole('list', { name: 'Photos and X-ray images' });
    await userEvent.click(within(list).getByRole('button', { name: 'Photo 1: Suitcase' }));
    const dialog = await screen.findByRole('dialog', { name: 'Photo 1: Suitcase' });
    expect(
      await within(dialog).findByRole('img', { name: 'Photo 1: Suitcase' }),
    ).toBeInTheDocument();
    expect(image).toHaveBeenCalledWith('case-1', 'p1', 'full');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('dialog', { name: 'X-ray image 2: Scan' })).toBeInTheDocument();
    expect(screen.getByText('2 of 2')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});
