import { type CasePhoto } from '@opencen/contracts';
import {
  Alert,
  Button,
  Group,
  Image,
  Loader,
  Modal,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format';
import { useCasePhotos, usePhotoUrl } from './photo-queries';

/** What a photo is called to a screen reader: its kind, number and caption. */
function usePhotoName() {
  const { t } = useTranslation();
  return (photo: CasePhoto, index: number) =>
    t('photos.name', {
      kind: t(`photos.kind_${photo.kind}`),
      n: index + 1,
      caption: photo.caption ?? '',
    }).trim();
}

function Thumbnail({
  photo,
  name,
  onOpen,
}: {
  photo: CasePhoto;
  name: string;
  onOpen: () => void;
}) {
  const { url } = usePhotoUrl(photo.caseId, photo.id, 'thumbnail');
  return (
    <UnstyledButton
      onClick={onOpen}
      aria-label={name}
      data-photo={photo.id}
      style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, padding: 2 }}
    >
      {url ? <Image src={url} alt="" w={128} h={128} fit="contain" /> : <Loader size="sm" m="md" />}
    </UnstyledButton>
  );
}

/** The photo at full size; a TIFF, which browsers do not draw, is shown by its thumbnail. */
function FullImage({ photo, name }: { photo: CasePhoto; name: string }) {
  const { t } = useTranslation();
  const drawable = photo.contentType !== 'image/tiff';
  const full = usePhotoUrl(photo.caseId, photo.id, drawable ? 'full' : 'thumbnail');
  if (full.error)
    return (
      <Alert color="red" role="alert">
        {t('app.error', { message: full.error.message })}
      </Alert>
    );
  if (!full.url) return <Loader role="status" aria-label={t('app.loading')} />;
  return <Image src={full.url} alt={name} mah="70vh" fit="contain" data-testid="photo-full" />;
}

/**
 * The photos of a case as thumbnails; one opens in a viewer (a dialog: Escape closes it, the
 * arrow keys and the buttons go to the previous and next photo).
 */
export function CasePhotoGallery({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const photos = useCasePhotos(caseId);
  const nameOf = usePhotoName();
  const [open, setOpen] = useState<number>();
  if (photos.isLoading) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (photos.error)
    return (
      <Alert color="red" role="alert">
        {t('app.error', { message: photos.error.message })}
      </Alert>
    );
  const items = photos.data?.items ?? [];
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('photos.none')}
      </Text>
    );
  const shown = open === undefined ? undefined : items[open];
  const go = (step: number) =>
    setOpen((index) =>
      index === undefined ? index : (index + step + items.length) % items.length,
    );
  const rtl = i18n.dir() === 'rtl';
  return (
    <>
      <Group
        gap="sm"
        component="ul"
        aria-label={t('photos.title')}
        style={{ listStyle: 'none', padding: 0 }}
      >
        {items.map((photo, index) => (
          <li key={photo.id}>
            <Thumbnail photo={photo} name={nameOf(photo, index)} onOpen={() => setOpen(index)} />
          </li>
        ))}
      </Group>
      <Modal
        opened={shown !== undefined}
        onClose={() => setOpen(undefined)}
        title={shown ? nameOf(shown, open!) : ''}
        size="xl"
        closeButtonProps={{ 'aria-label': t('photos.close') }}
      >
        {shown && (
          <Stack
            onKeyDown={(event) => {
              // The arrows follow the reading direction.
              if (event.key === 'ArrowRight') go(rtl ? -1 : 1);
              if (event.key === 'ArrowLeft') go(rtl ? 1 : -1);
            }}
          >
            <FullImage photo={shown} name={nameOf(shown, open!)} />
            <Text size="sm" c="dimmed">
              {t('photos.uploaded', { date: formatDateTime(shown.uploadedAt, i18n.language) })}
            </Text>
            {items.length > 1 && (
              <Group justify="space-between">
                <Button variant="default" onClick={() => go(-1)}>
                  {t('photos.previous')}
                </Button>
                <Text size="sm" aria-live="polite">
                  {t('photos.position', { n: open! + 1, total: items.length })}
                </Text>
                <Button variant="default" onClick={() => go(1)}>
                  {t('photos.next')}
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Modal>
    </>
  );
}
