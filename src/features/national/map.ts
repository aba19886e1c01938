import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { GeoProjection } from 'd3-geo';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * The map of Serbia behind the network page, drawn on the server as SVG: Natural Earth's 1:50m
 * country outlines (public domain) from the world-atlas package, projected with d3-geo. Serbia's
 * and Kosovo's polygons are merged into one outline (Serbia's districts RS-25…RS-29, as in the
 * districts table). Computed once per process and kept: the path string and the projection.
 * d3-geo and topojson-client are loaded by the first map drawn, not at the server's start.
 */
export const MAP_WIDTH = 400;
export const MAP_HEIGHT = 520;
const PAD = 12;

export interface SerbiaMap {
  outline: string;
  neighbours: string;
  project: (lon: number, lat: number) => [number, number] | null;
}

let cached: SerbiaMap | undefined;

export async function serbiaMap(): Promise<SerbiaMap> {
  if (cached) return cached;
  const [{ geoMercator, geoPath }, { feature, merge }] = await Promise.all([import('d3-geo'), import('topojson-client')]);
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const countries = topo.objects.countries;
  const nameOf = (g: (typeof countries.geometries)[number]) => (g.properties as { name?: string } | undefined)?.name ?? '';
  const ours = countries.geometries.filter((g) => g.id === '688' || nameOf(g) === 'Kosovo');
  const outline = merge(topo, ours as Parameters<typeof merge>[1]);
  const projection: GeoProjection = geoMercator().fitExtent(
    [
      [PAD, PAD],
      [MAP_WIDTH - PAD, MAP_HEIGHT - PAD],
    ],
    outline,
  );
  const path = geoPath(projection).digits(1);
  // The neighbours, faint, for context (clipped by the SVG's viewBox).
  const near = new Set([
    'Hungary',
    'Romania',
    'Bulgaria',
    'North Macedonia',
    'Macedonia',
    'Albania',
    'Montenegro',
    'Bosnia and Herz.',
    'Croatia',
  ]);
  const others = countries.geometries.filter((g) => near.has(nameOf(g)));
  const neighbours = others.map((g) => path(feature(topo, g) as Parameters<typeof path>[0]) ?? '').join('');
  cached = {
    outline: path(outline) ?? '',
    neighbours,
    project: (lon, lat) => {
      const p = projection([lon, lat]);
      return p ? [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10] : null;
    },
  };
  return cached;
}
