import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context';

/** The photos of a case (oldest first). */
export function useCasePhotos(caseId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['case-photos', caseId],
    queryFn: () => api.listCasePhotos({ caseId }),
  });
}

/**
 * A photo's image as an object URL: the API wants the token, so an `<img src>` cannot fetch it;
 * the blob is fetched and the URL revoked once nothing shows it.
 */
export function usePhotoUrl(caseId: string, photoId: string, size: 'thumbnail' | 'full') {
  const api = useApi();
  const query = useQuery({
    queryKey: ['case-photo', caseId, photoId, size],
    queryFn: () => api.casePhotoImage(caseId, photoId, size),
    staleTime: Infinity,
  });
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!query.data) return undefined;
    const objectUrl = URL.createObjectURL(query.data);
    setUrl(objectUrl);
    return () => {
      URL.revokeObjectURL(objectUrl);
      setUrl(undefined);
    };
  }, [query.data]);
  return { url, blob: query.data, error: query.error };
}
