import { inScript } from '../../core/i18n/locale.ts';
import { t } from '../../core/i18n/messages.ts';
import { DEFAULT_THRESHOLD } from '../../core/suppress.ts';
import { MEASURES, nationalPrinting, printFigures, type Measure } from './dashboard.tsx';
import type { OpenFigureRow } from './opendata-repo.ts';

/**
 * The national figures as open data (issue #17 point 7): one table, an office's year per row,
 * published at stable URLs as CSV and JSON, described by a Frictionless Table Schema (the data
 * dictionary) inside a Frictionless Data Package (licence, citation, sources), and by a DCAT-AP
 * description in JSON-LD that the national open-data portal (data.gov.rs, CKAN with the DCAT
 * harvester) can harvest. Counts of people are printed by dashboard.tsx's printFigures, the
 * same suppression as the public dashboard: a count below the threshold is "<5" (and "×" where
 * a cell had to be hidden as well); the schema declares both as missing values.
 *
 * Everything here is a pure function of the rows and the site's address, so the files are the
 * same bytes for the same figures (harvesters compare them).
 */

export const OPEN_DATA = '/otvoreni-podaci';
const NAME = 'kzm-nacionalni-pokazatelji';
export const OPEN_FILES = {
  csv: `${OPEN_DATA}/${NAME}.csv`,
  json: `${OPEN_DATA}/${NAME}.json`,
  schema: `${OPEN_DATA}/${NAME}.schema.json`,
  datapackage: `${OPEN_DATA}/datapackage.json`,
  dcat: `${OPEN_DATA}/dcat.jsonld`,
} as const;

export const LICENCE = {
  name: 'CC-BY-4.0',
  title: 'Creative Commons Attribution 4.0 International',
  path: 'https://creativecommons.org/licenses/by/4.0/',
  /** The licence's URI as the EU vocabularies and DCAT-AP name it. */
  uri: 'http://creativecommons.org/licenses/by/4.0/',
} as const;

/** The columns, in order. Text columns first, then the measures of dashboard.tsx. */
export const COLUMNS = ['year', 'office', 'office_name', 'town', 'district', 'region', ...MEASURES] as const;
export type Column = (typeof COLUMNS)[number];

/** The values printed for suppressed counts: the Table Schema's missingValues. */
export const MISSING = [`<${DEFAULT_THRESHOLD}`, '×'] as const;

const OF_PEOPLE: ReadonlySet<Measure> = new Set(['participants', 'first_timers', 'attendances', 'counselling']);

/** One published row: text columns as text, each measure its printed value ("12", "<5", "×"). */
export type OpenRecord = Record<Column, string>;

/** The rows as they may be published (suppressed per year across offices), names in Cyrillic as the portal's datasets are. */
export function openRecords(rows: readonly OpenFigureRow[]): OpenRecord[] {
  const printed = printFigures(rows, (r) => r.label, DEFAULT_THRESHOLD, { printing: nationalPrinting(rows), by: 'office' });
  return rows.map((r, i) => {
    const p = printed[i]!;
    return {
      year: String(r.year),
      office: r.key,
      office_name: inScript('cir', r.label),
      town: inScript('cir', r.town),
      district: r.district,
      region: r.region,
      ...p.values,
    };
  });
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** RFC 4180 CSV, UTF-8 without a BOM (the Table Schema's default dialect), a header row of the column names. */
export function openCsv(records: readonly OpenRecord[]): string {
  return [COLUMNS.join(','), ...records.map((r) => COLUMNS.map((c) => csvField(r[c])).join(','))].map((l) => `${l}\r\n`).join('');
}

/**
 * The same rows as JSON: measures as numbers, a suppressed one as null with the printed value in
 * `suppressed` (so a reader can tell "<5" from "hidden").
 */
export function openJson(records: readonly OpenRecord[], meta: { baseUrl: string; refreshed: Date | null }): unknown {
  return {
    title: t('cir', 'natd.od.title'),
    license: { ...LICENCE },
    citation: citation('cir', meta.baseUrl, '{датум}'),
    schema: `${meta.baseUrl}${OPEN_FILES.schema}`,
    refreshed: meta.refreshed?.toISOString() ?? null,
    rows: records.map((r) => {
      const suppressed: Record<string, string> = {};
      const out: Record<string, string | number | null> = {
        year: Number(r.year),
        office: r.office,
        office_name: r.office_name,
        town: r.town,
        district: r.district || null,
        region: r.region || null,
      };
      for (const m of MEASURES) {
        const v = r[m];
        if ((MISSING as readonly string[]).includes(v)) {
          out[m] = null;
          suppressed[m] = v;
        } else out[m] = Number(v);
      }
      return Object.keys(suppressed).length > 0 ? { ...out, suppressed } : out;
    }),
  };
}

const fieldText = (c: Column) => ({
  title: t('cir', `natd.col.${c}`),
  description: t('cir', `natd.col.${c}.d`, { threshold: DEFAULT_THRESHOLD }),
  'title:en': t('en', `natd.col.${c}`),
  'description:en': t('en', `natd.col.${c}.d`, { threshold: DEFAULT_THRESHOLD }),
});

/** The data dictionary: a Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/) describing every column. */
export function tableSchema(): Record<string, unknown> {
  const field = (c: Column) => {
    if (c === 'year') return { name: c, type: 'year', ...fieldText(c), constraints: { required: true } };
    if ((MEASURES as readonly string[]).includes(c))
      return {
        name: c,
        type: c === 'volunteer_hours' ? 'number' : 'integer',
        ...fieldText(c),
        constraints: { minimum: 0, ...(OF_PEOPLE.has(c as Measure) ? {} : { required: true }) },
      };
    if (c === 'district') return { name: c, type: 'string', ...fieldText(c), constraints: { pattern: 'RS-[0-9]{2}' } };
    if (c === 'region') return { name: c, type: 'string', ...fieldText(c), constraints: { pattern: 'RS[0-9]{2}' } };
    return { name: c, type: 'string', ...fieldText(c), constraints: { required: true } };
  };
  return {
    fields: COLUMNS.map(field),
    missingValues: ['', ...MISSING],
    primaryKey: ['year', 'office'],
  };
}

/** What the portal's terms ask a re-user to write: the source and publisher, the address, the date of download, whether it was changed. */
export function citation(locale: 'cir' | 'lat' | 'en', baseUrl: string, date: string): string {
  return t(locale, 'natd.od.citation', { url: `${baseUrl}${OPEN_FILES.csv}`, date });
}

/** The Frictionless Data Package: the two files, the schema, the licence and the citation. */
export function dataPackage(meta: { baseUrl: string; refreshed: Date | null; years: { min: number | null; max: number | null } }) {
  const abs = (p: string) => `${meta.baseUrl}${p}`;
  return {
    profile: 'tabular-data-package',
    name: NAME,
    title: t('cir', 'natd.od.title'),
    description: t('cir', 'natd.od.description', { threshold: DEFAULT_THRESHOLD }),
    homepage: abs(`/cir${OPEN_DATA}`),
    version: meta.refreshed?.toISOString() ?? null,
    created: meta.refreshed?.toISOString() ?? null,
    licenses: [{ name: LICENCE.name, path: LICENCE.path, title: LICENCE.title }],
    sources: [{ title: t('cir', 'natd.od.publisher'), path: abs('/cir/mreza') }],
    citation: citation('cir', meta.baseUrl, '{датум}'),
    keywords: ['млади', 'канцеларије за младе', 'омладинска политика', 'youth', 'youth offices'],
    temporal: meta.years,
    resources: [
      {
        profile: 'tabular-data-resource',
        name: NAME,
        path: abs(OPEN_FILES.csv),
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { delimiter: ',', lineTerminator: '\r\n', header: true },
        schema: abs(OPEN_FILES.schema),
        licenses: [{ name: LICENCE.name, path: LICENCE.path }],
      },
      {
        profile: 'data-resource',
        name: `${NAME}-json`,
        path: abs(OPEN_FILES.json),
        format: 'json',
        mediatype: 'application/json',
        encoding: 'utf-8',
        licenses: [{ name: LICENCE.name, path: LICENCE.path }],
      },
    ],
  };
}

const EU = 'http://publications.europa.eu/resource/authority';
const langs = (key: Parameters<typeof t>[1], vars?: Record<string, string | number>) => [
  { '@value': t('cir', key, vars), '@language': 'sr-Cyrl' },
  { '@value': t('lat', key, vars), '@language': 'sr-Latn' },
  { '@value': t('en', key, vars), '@language': 'en' },
];

/**
 * The DCAT-AP 2 description (JSON-LD): a catalogue with one dataset and its distributions (CSV,
 * JSON; the schema as what the CSV conforms to), licence, publisher, contact, period, place and
 * theme from the EU vocabularies that DCAT-AP and the portal's harvester use.
 */
export function dcat(meta: { baseUrl: string; refreshed: Date | null; years: { min: number | null; max: number | null } }) {
  const abs = (p: string) => `${meta.baseUrl}${p}`;
  const dataset = `${abs(OPEN_DATA)}#dataset`;
  const publisher = `${abs(OPEN_DATA)}#publisher`;
  const licence = { '@id': LICENCE.uri };
  const distribution = (kind: 'csv' | 'json') => ({
    '@id': `${abs(OPEN_DATA)}#${kind}`,
    '@type': 'dcat:Distribution',
    'dct:title': langs(`natd.od.dist.${kind}`),
    'dcat:accessURL': { '@id': abs(`/cir${OPEN_DATA}`) },
    'dcat:downloadURL': { '@id': abs(OPEN_FILES[kind]) },
    'dct:format': { '@id': `${EU}/file-type/${kind.toUpperCase()}` },
    'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${kind === 'csv' ? 'text/csv' : 'application/json'}` },
    'dct:license': licence,
    ...(kind === 'csv' ? { 'dct:conformsTo': { '@id': abs(OPEN_FILES.schema) } } : {}),
    ...(meta.refreshed ? { 'dct:modified': { '@value': meta.refreshed.toISOString(), '@type': 'xsd:dateTime' } } : {}),
  });
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@graph': [
      {
        '@id': `${abs(OPEN_DATA)}#catalog`,
        '@type': 'dcat:Catalog',
        'dct:title': langs('natd.od.catalog'),
        'dct:description': langs('natd.od.catalog'),
        'dct:publisher': { '@id': publisher },
        'foaf:homepage': { '@id': abs('/cir/mreza') },
        'dct:license': licence,
        'dct:language': { '@id': `${EU}/language/SRP` },
        'dcat:dataset': { '@id': dataset },
      },
      { '@id': publisher, '@type': 'foaf:Agent', 'foaf:name': langs('natd.od.publisher') },
      {
        '@id': dataset,
        '@type': 'dcat:Dataset',
        'dct:identifier': NAME,
        'dct:title': langs('natd.od.title'),
        'dct:description': langs('natd.od.description', { threshold: DEFAULT_THRESHOLD }),
        'dcat:keyword': ['млади', 'канцеларије за младе', 'mladi', 'kancelarije za mlade', 'youth'].map((k) => ({ '@value': k })),
        'dcat:theme': { '@id': `${EU}/data-theme/SOCI` },
        'dct:publisher': { '@id': publisher },
        'dcat:contactPoint': {
          '@type': 'vcard:Organization',
          'vcard:fn': t('cir', 'natd.od.publisher'),
          'vcard:hasURL': { '@id': abs('/cir/mreza') },
        },
        'dcat:landingPage': { '@id': abs(`/cir${OPEN_DATA}`) },
        'dct:spatial': { '@id': `${EU}/country/SRB` },
        'dct:language': { '@id': `${EU}/language/SRP` },
        'dct:accrualPeriodicity': { '@id': `${EU}/frequency/UPDATE_CONT` },
        'dct:license': licence,
        'dct:rights': langs('natd.od.citation', { url: abs(OPEN_FILES.csv), date: '…' }),
        ...(meta.years.min !== null && meta.years.max !== null
          ? {
              'dct:temporal': {
                '@type': 'dct:PeriodOfTime',
                'dcat:startDate': { '@value': `${meta.years.min}-01-01`, '@type': 'xsd:date' },
                'dcat:endDate': { '@value': `${meta.years.max}-12-31`, '@type': 'xsd:date' },
              },
            }
          : {}),
        ...(meta.refreshed ? { 'dct:modified': { '@value': meta.refreshed.toISOString(), '@type': 'xsd:dateTime' } } : {}),
        'dcat:distribution': [distribution('csv'), distribution('json')],
      },
    ],
  };
}
