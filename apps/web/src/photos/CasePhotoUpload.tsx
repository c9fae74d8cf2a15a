import { CASE_PHOTO_CONTENT_TYPES, CASE_PHOTO_KINDS, type CasePhotoKind } from '@opencen/contracts';
import { Group, Input, Loader, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { CasePhotoGallery } from './CasePhotoGallery';

const ACCEPTED: readonly string[] = CASE_PHOTO_CONTENT_TYPES;

/** The API's problems of an upload, by field (`file`, `kind`, `caption`), else the whole one. */
function uploadProblems(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem)) return { file: String(error) };
  const byField = error.fieldErrors();
  if (Object.keys(byField).length === 0 || (!byField.kind && !byField.caption && !byField.file))
    return { file: error.detail || error.title };
  return byField;
}

/**
 * The case form's photo step for a saved draft: a photo or X-ray image with its caption, uploaded
 * as soon as it is chosen (the gateway streams it in chunks); a type the API refuses, or a file too
 * large, is shown at the file field. The photos already there are shown as thumbnails.
 */
export function CasePhotoUpload({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const fileId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<CasePhotoKind>('photo');
  const [caption, setCaption] = useState('');
  const [refused, setRefused] = useState<string>();
  const upload = useMutation({
    mutationFn: (file: File) => api.uploadCasePhoto(caseId, file, kind, caption || undefined),
    onSuccess: () => {
      setCaption('');
      void queryClient.invalidateQueries({ queryKey: ['case-photos', caseId] });
    },
    onSettled: () => {
      if (fileInput.current) fileInput.current.value = '';
    },
  });
  const problems = upload.error ? uploadProblems(upload.error) : {};
  const fileError = refused ?? problems.file;
  return (
    <Stack>
      <Group grow align="flex-start">
        <Select
          label={t('photos.kind')}
          data={CASE_PHOTO_KINDS.map((value) => ({ value, label: t(`photos.kind_${value}`) }))}
          value={kind}
          onChange={(value) => value && setKind(value as CasePhotoKind)}
          allowDeselect={false}
          error={problems.kind}
        />
        <TextInput
          label={t('photos.caption')}
          value={caption}
          maxLength={500}
          onChange={(event) => setCaption(event.currentTarget.value)}
          error={problems.caption}
        />
      </Group>
      <Input.Wrapper
        label={t('photos.file')}
        description={t('photos.fileHelp')}
        error={fileError}
        id={fileId}
      >
        <input
          id={fileId}
          ref={fileInput}
          type="file"
          accept={ACCEPTED.join(',')}
          aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? `${fileId}-error` : undefined}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (!file) return;
            upload.reset();
            // A type the browser knows and the API refuses is not sent at all.
            if (file.type && !ACCEPTED.includes(file.type)) {
              setRefused(t('photos.refusedType', { type: file.type }));
              event.currentTarget.value = '';
              return;
            }
            setRefused(undefined);
            upload.mutate(file);
          }}
        />
      </Input.Wrapper>
      {upload.isPending && <Loader size="xs" role="status" aria-label={t('photos.uploading')} />}
      {upload.isSuccess && (
        <Text size="sm" c="teal.9" role="status">
          {t('photos.added')}
        </Text>
      )}
      <CasePhotoGallery caseId={caseId} />
    </Stack>
  );
}
