import { geoCentroid, geoNaturalEarth1, geoPath } from 'd3-geo';
import { type ReactNode, useMemo } from 'react';
import { type CountryShape, WORLD } from './world';

const WIDTH = 960;
const HEIGHT = 500;
/** Natural Earth: the whole world at once, with little distortion of areas. */
const projection = geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: 'Sphere' });
const path = geoPath(projection);
const outline = path({ type: 'Sphere' }) ?? '';

/** How one country is shown: its fill, what it is called and holds (its tooltip), its role. */
export interface CountryMark {
  fill: string;
  title: string;
  /** Set on the country's shape as `data-mark`, e.g. departure, transit, destination, counted. */
  mark: string;
}

export interface WorldMapProps {
  /** What the map shows, read out by screen readers (the figures are in a table beside it). */
  label: string;
  /** The countries to colour, by ISO 3166-1 alpha-2 code; the others are drawn plain. */
  marks: ReadonlyMap<string, CountryMark>;
  /** Countries to connect in this order (a route), by alpha-2 code. */
  path?: readonly string[];
  children?: ReactNode;
}

const byCode = new Map(
  WORLD.filter((shape) => shape.code).map((shape) => [shape.code!, shape] as const),
);

/** A country's centre on the map, if the map has it (the 1:110m map lacks the smallest). */
function centre(code: string): [number, number] | undefined {
  const shape = byCode.get(code);
  return shape ? (projection(geoCentroid(shape)) ?? undefined) : undefined;
}

/**
 * The world drawn from the atlas shipped with the app, as SVG: the marked countries coloured and
 * titled, and a route's countries joined in order by arrows. Nothing is fetched.
 */
export default function WorldMap({ label, marks, path: route = [], children }: WorldMapProps) {
  const shapes = useMemo(
    () =>
      WORLD.map((shape: CountryShape, index) => ({
        key: shape.code ?? `uncoded-${index}`,
        code: shape.code,
        d: path(shape) ?? '',
      })),
    [],
  );
  const stops = route.map(centre).filter((point) => point !== undefined);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      data-testid="world-map"
      style={{ width: '100%', height: 'auto', display: 'block' }}
      // The map is the same either way round: it is not mirrored right to left.
      direction="ltr"
    >
      <defs>
        <marker
          id="route-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--mantine-color-dark-6, #333)" />
        </marker>
      </defs>
      <path d={outline} fill="var(--mantine-color-blue-0, #eef)" stroke="#bbb" />
      {shapes.map(({ key, code, d }) => {
        const mark = code ? marks.get(code) : undefined;
        return (
          <path
            key={key}
            d={d}
            data-country={code}
            data-mark={mark?.mark}
            fill={mark?.fill ?? 'var(--mantine-color-gray-2, #e9ecef)'}
            stroke="#fff"
            strokeWidth={0.5}
          >
            {mark && <title>{mark.title}</title>}
          </path>
        );
      })}
      {stops.slice(1).map(([x, y], index) => {
        const [fromX, fromY] = stops[index]!;
        // A gentle arc, so that a route there and back shows two lines.
        const bend = 0.2;
        const cx = (fromX + x) / 2 - (y - fromY) * bend;
        const cy = (fromY + y) / 2 + (x - fromX) * bend;
        return (
          <path
            key={index}
            d={`M ${fromX} ${fromY} Q ${cx} ${cy} ${x} ${y}`}
            data-testid="route-leg"
            fill="none"
            stroke="var(--mantine-color-dark-6, #333)"
            strokeWidth={2}
            markerEnd="url(#route-arrow)"
          />
        );
      })}
      {children}
    </svg>
  );
}
