import { type Feature, type FeatureCollection, type Geometry } from 'geojson';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import { type GeometryCollection, type Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-110m.json';

/** A country of the world map, by the ISO 3166-1 alpha-2 code the cases use. */
export type CountryShape = Feature<Geometry, { name: string }> & { code?: string };

/**
 * The countries of Natural Earth's 1:110m map (world-atlas, shipped in the bundle: no tile or map
 * server is needed). Its features are keyed by ISO 3166-1 numeric codes; the cases name countries
 * by alpha-2 codes, so each is given its alpha-2 code from i18n-iso-countries' ISO table. Three
 * disputed areas have no ISO code (northern Cyprus, Somaliland, Kosovo) and are drawn uncoded.
 */
function loadCountries(): CountryShape[] {
  const topology = atlas as unknown as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<
    Geometry,
    { name: string }
  >;
  return collection.features.map((shape) => {
    const code = shape.id === undefined ? undefined : countries.numericToAlpha2(String(shape.id));
    return code ? { ...shape, code } : shape;
  });
}

export const WORLD: readonly CountryShape[] = loadCountries();

const CODES = new Set(WORLD.flatMap((shape) => (shape.code ? [shape.code] : [])));

/** Whether the map draws the country (the 1:110m map leaves out the smallest, e.g. SG, MT). */
export const isDrawn = (code: string): boolean => CODES.has(code);
