import { type Case } from '@opencen/contracts';
import { Box, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import WorldMap, { type CountryMark } from './WorldMap';
import { isDrawn } from './world';

const COLOURS = {
  departure: 'var(--mantine-color-teal-6, #12b886)',
  transit: 'var(--mantine-color-orange-5, #ff922b)',
  destination: 'var(--mantine-color-red-7, #e03131)',
} as const;
type Leg = keyof typeof COLOURS;

/**
 * A case's route on the world map: the departure, transit and destination countries coloured by
 * their part, joined in order by arrows, with a legend and the route in words for screen readers.
 */
export default function RouteMap({
  route,
  label,
}: {
  route: Case['route'];
  /** A country's name in the user's language. */
  label: (code: string) => string;
}) {
  const { t } = useTranslation();
  const stops: [string, Leg][] = [
    ...(route.departureCountry ? [[route.departureCountry, 'departure'] as [string, Leg]] : []),
    ...route.transitCountries.map((code) => [code, 'transit'] as [string, Leg]),
    ...(route.destinationCountry
      ? [[route.destinationCountry, 'destination'] as [string, Leg]]
      : []),
  ];
  const marks = new Map<string, CountryMark>();
  for (const [code, leg] of stops) {
    // A country both left and come back to keeps its first part.
    if (!marks.has(code)) {
      marks.set(code, {
        fill: COLOURS[leg],
        mark: leg,
        title: `${t(`case.${leg}`)}: ${label(code)}`,
      });
    }
  }
  const missing = stops.map(([code]) => code).filter((code) => !isDrawn(code));
  return (
    <Box>
      <WorldMap
        label={t('case.routeMapLabel', {
          route: stops.map(([code]) => label(code)).join(' → '),
        })}
        marks={marks}
        path={stops.map(([code]) => code)}
      />
      <Group gap="md" mt="xs" component="ul" style={{ listStyle: 'none', padding: 0 }} aria-hidden>
        {(Object.keys(COLOURS) as Leg[]).map((leg) => (
          <Group key={leg} gap={4} component="li">
            <Box w={12} h={12} style={{ background: COLOURS[leg], borderRadius: 2 }} />
            <Text size="xs">{t(`case.${leg}`)}</Text>
          </Group>
        ))}
      </Group>
      {missing.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('case.notOnMap', { countries: missing.map(label).join(', ') })}
        </Text>
      )}
    </Box>
  );
}
