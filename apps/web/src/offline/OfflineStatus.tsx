import { Anchor, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOfflineQueue } from './OfflineQueue';

/**
 * The header's offline state: offline (with the drafts waiting), drafts waiting to be sent, or
 * drafts the API refused; a link to them. Nothing when online with nothing queued.
 */
export function OfflineStatus() {
  const { t } = useTranslation();
  const queue = useOfflineQueue();
  if (!queue) return null;
  const refused = queue.drafts.filter((draft) => draft.refusal).length;
  const waiting = queue.drafts.length - refused;
  let text: string | undefined;
  if (!queue.online) text = t('offline.offline', { count: waiting });
  else if (refused > 0) text = t('offline.refused', { count: refused });
  else if (waiting > 0) text = t('offline.waiting', { count: waiting });
  return (
    <div role="status" aria-live="polite" data-testid="offline-status">
      {text && (
        <Anchor component={Link} to="/drafts" underline="never">
          <Badge color={!queue.online || refused > 0 ? 'red' : 'indigo'} variant="light">
            {text}
          </Badge>
        </Anchor>
      )}
    </div>
  );
}
