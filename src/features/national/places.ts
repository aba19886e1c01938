import { searchKey } from '../../core/i18n/script.ts';

/**
 * Settlements with their centre's coordinates, for "nearest office": every town and city seat of
 * Serbia's larger municipalities and the villages named in the seeds. Compiled by hand for KZM
 * (town-centre coordinates rounded to 0.01°, about a kilometre — facts, not a licensed dataset);
 * the offices' own towns and points (offices table) are added to it at query time. A fuller
 * list (RZS's settlement register, or GeoNames under CC BY 4.0) can replace it without code changes.
 */
export const PLACES: ReadonlyArray<readonly [name: string, lat: number, lon: number]> = [
  ['Beograd', 44.82, 20.46],
  ['Novi Sad', 45.25, 19.84],
  ['Niš', 43.32, 21.9],
  ['Kragujevac', 44.01, 20.91],
  ['Subotica', 46.1, 19.67],
  ['Zrenjanin', 45.38, 20.39],
  ['Pančevo', 44.87, 20.64],
  ['Čačak', 43.89, 20.35],
  ['Kruševac', 43.58, 21.33],
  ['Kraljevo', 43.72, 20.69],
  ['Novi Pazar', 43.14, 20.51],
  ['Smederevo', 44.66, 20.93],
  ['Leskovac', 42.99, 21.95],
  ['Užice', 43.86, 19.85],
  ['Vranje', 42.55, 21.9],
  ['Valjevo', 44.27, 19.89],
  ['Šabac', 44.75, 19.69],
  ['Sombor', 45.77, 19.11],
  ['Požarevac', 44.62, 21.19],
  ['Pirot', 43.15, 22.59],
  ['Zaječar', 43.9, 22.28],
  ['Kikinda', 45.83, 20.46],
  ['Sremska Mitrovica', 44.98, 19.61],
  ['Jagodina', 43.98, 21.26],
  ['Vršac', 45.12, 21.3],
  ['Bor', 44.07, 22.1],
  ['Prokuplje', 43.23, 21.59],
  ['Loznica', 44.53, 19.22],
  ['Ivanjica', 43.58, 20.23],
  ['Gornji Milanovac', 44.02, 20.46],
  ['Ćuprija', 43.93, 21.37],
  ['Boljevac', 43.83, 21.96],
  ['Nova Crnja', 45.67, 20.6],
  ['Opovo', 45.05, 20.43],
  ['Arilje', 43.75, 20.1],
  ['Lučani', 43.86, 20.14],
  ['Guča', 43.78, 20.23],
  ['Paraćin', 43.86, 21.41],
  ['Aranđelovac', 44.31, 20.56],
  ['Obrenovac', 44.65, 20.2],
  ['Inđija', 45.05, 20.08],
  ['Ruma', 45.01, 19.82],
  ['Stara Pazova', 44.98, 20.16],
  ['Bačka Palanka', 45.25, 19.39],
  ['Vrbas', 45.57, 19.64],
  ['Bečej', 45.62, 20.05],
  ['Kovin', 44.75, 20.98],
  ['Negotin', 44.23, 22.53],
  ['Knjaževac', 43.57, 22.26],
  ['Aleksinac', 43.54, 21.71],
  ['Trstenik', 43.62, 21.0],
  ['Vrnjačka Banja', 43.62, 20.89],
  ['Raška', 43.29, 20.61],
  ['Tutin', 42.99, 20.34],
  ['Sjenica', 43.27, 20.0],
  ['Prijepolje', 43.39, 19.65],
  ['Priboj', 43.58, 19.53],
  ['Zlatibor', 43.73, 19.7],
  ['Bajina Bašta', 43.97, 19.57],
  ['Kosjerić', 44.0, 19.91],
  ['Ub', 44.46, 20.07],
  ['Lazarevac', 44.38, 20.26],
  ['Mladenovac', 44.44, 20.69],
  ['Topola', 44.25, 20.68],
  ['Svilajnac', 44.23, 21.19],
  ['Despotovac', 44.09, 21.44],
  ['Velika Plana', 44.33, 21.08],
  ['Smederevska Palanka', 44.37, 20.96],
  ['Majdanpek', 44.42, 21.94],
  ['Kladovo', 44.6, 22.61],
  ['Surdulica', 42.69, 22.17],
  ['Vladičin Han', 42.71, 22.07],
  ['Bujanovac', 42.46, 21.77],
  ['Preševo', 42.31, 21.65],
  ['Lebane', 42.92, 21.74],
  ['Vlasotince', 42.97, 22.13],
  ['Dimitrovgrad', 43.02, 22.78],
  ['Bela Palanka', 43.22, 22.31],
  ['Kuršumlija', 43.14, 21.27],
  ['Blace', 43.3, 21.29],
  ['Brus', 43.38, 21.03],
  ['Aleksandrovac', 43.46, 21.05],
  ['Kanjiža', 46.07, 20.06],
  ['Senta', 45.93, 20.08],
  ['Ada', 45.8, 20.13],
  ['Bačka Topola', 45.81, 19.64],
  ['Apatin', 45.67, 18.98],
  ['Kula', 45.61, 19.53],
  ['Temerin', 45.41, 19.89],
  ['Žabalj', 45.37, 20.06],
  ['Titel', 45.2, 20.29],
  ['Alibunar', 45.08, 20.97],
  ['Bela Crkva', 44.9, 21.42],
  ['Kovačica', 45.11, 20.62],
  ['Sečanj', 45.37, 20.77],
  ['Žitište', 45.48, 20.55],
  ['Novi Bečej', 45.6, 20.14],
  ['Šid', 45.13, 19.23],
  ['Irig', 45.1, 19.86],
  ['Pećinci', 44.91, 19.96],
  ['Bogatić', 44.84, 19.48],
  ['Vladimirci', 44.61, 19.78],
  ['Koceljeva', 44.47, 19.82],
  ['Krupanj', 44.37, 19.36],
  ['Ljubovija', 44.19, 19.37],
  ['Mionica', 44.25, 20.08],
  ['Ljig', 44.23, 20.24],
  ['Osečina', 44.37, 19.6],
  ['Rača', 44.23, 20.98],
  ['Batočina', 44.15, 21.08],
  ['Knić', 43.92, 20.72],
  ['Rekovac', 43.86, 21.09],
  ['Varvarin', 43.72, 21.37],
  ['Ćićevac', 43.72, 21.44],
  ['Sokobanja', 43.64, 21.87],
  ['Ražanj', 43.67, 21.55],
  ['Doljevac', 43.2, 21.83],
  ['Merošina', 43.28, 21.72],
  ['Svrljig', 43.41, 22.12],
  ['Gadžin Han', 43.22, 22.03],
  ['Babušnica', 43.07, 22.41],
  ['Crna Trava', 42.81, 22.3],
  ['Medveđa', 42.84, 21.59],
  ['Bojnik', 43.01, 21.72],
  ['Trgovište', 42.35, 22.08],
  ['Bosilegrad', 42.5, 22.47],
  ['Golubac', 44.65, 21.63],
  ['Veliko Gradište', 44.76, 21.52],
  ['Kučevo', 44.48, 21.67],
  ['Žagubica', 44.2, 21.79],
  ['Petrovac na Mlavi', 44.38, 21.42],
  ['Žabari', 44.36, 21.21],
  ['Malo Crniće', 44.56, 21.29],
  ['Nova Varoš', 43.46, 19.81],
  ['Čajetina', 43.75, 19.71],
  ['Požega', 43.85, 20.04],
];

export interface Place {
  name: string;
  latitude: number;
  longitude: number;
}

const byKey = new Map<string, Place>(PLACES.map(([name, latitude, longitude]) => [searchKey(name), { name, latitude, longitude }]));

/** The place a typed name means, in either script, with or without diacritics ("Чачак", "Čačak", "cacak"). */
export function findPlace(typed: string, extra: readonly Place[] = []): Place | undefined {
  const key = searchKey(typed);
  if (!key) return undefined;
  return byKey.get(key) ?? extra.find((p) => searchKey(p.name) === key);
}

/** Great-circle distance in kilometres (haversine; the Earth's mean radius). */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
