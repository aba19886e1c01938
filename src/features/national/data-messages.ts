/**
 * UI strings of the national open data, the admin dashboard and the LAP consultation (issue #17
 * points 3, 5, 7): Serbian once, in Cyrillic; English as a translation (see core/i18n/messages.ts).
 */
export const sr = {
  // ── Open data ──
  'natd.od.title': 'Национални показатељи рада канцеларија за младе',
  'natd.od.catalog': 'Отворени подаци мреже канцеларија за младе',
  'natd.od.publisher': 'Национална асоцијација канцеларија за младе',
  'natd.od.description':
    'Збирни показатељи рада сваке канцеларије за младе по годинама: активности, учесници, они који су први пут дошли, доласци, удружења и сесије каријерног вођења. Број особа мањи од {threshold} објављује се као „<{threshold}”, а понекад се још један скрива („×”), да се мале групе не би могле препознати. Лични подаци се не објављују.',
  'natd.od.citation':
    'Извор: Национална асоцијација канцеларија за младе, „Национални показатељи рада канцеларија за младе”, {url}, преузето {date}. Лиценца CC BY 4.0. Подаци су преузети у изворном облику (ако сте их мењали, наведите то).',
  'natd.od.dist.csv': 'Национални показатељи (CSV)',
  'natd.od.dist.json': 'Национални показатељи (JSON)',
  'natd.od.lead':
    'Збирни бројеви рада канцеларија за младе, по канцеларији и години, као отворени подаци: слободни за сваку употребу уз навођење извора. Адресе датотека су сталне.',
  'natd.od.files': 'Датотеке',
  'natd.od.file.csv': 'Подаци (CSV)',
  'natd.od.file.json': 'Подаци (JSON)',
  'natd.od.file.schema': 'Речник података (Frictionless Table Schema)',
  'natd.od.file.datapackage': 'Пакет података (Frictionless Data Package)',
  'natd.od.file.dcat': 'Опис за портал отворених података (DCAT-AP, JSON-LD)',
  'natd.od.licence': 'Лиценца',
  'natd.od.licence.text': 'Подаци се објављују под лиценцом Creative Commons Ауторство 4.0 међународна (CC BY 4.0).',
  'natd.od.cite': 'Како навести извор',
  'natd.od.cite.lead':
    'Услови коришћења Портала отворених података траже да при свакој поновној употреби наведете извор, адресу и датум преузимања:',
  'natd.od.columns': 'Колоне',
  'natd.od.col.name': 'Назив',
  'natd.od.col.meaning': 'Значење',
  'natd.od.refreshed': 'Подаци освежени: {date}.',
  'natd.od.never': 'Подаци још нису израчунати.',
  'natd.col.year': 'Година',
  'natd.col.year.d': 'Календарска година (по београдском времену).',
  'natd.col.office': 'Ознака канцеларије',
  'natd.col.office.d': 'Стална ознака канцеларије у адреси њене странице.',
  'natd.col.office_name': 'Канцеларија',
  'natd.col.office_name.d': 'Назив канцеларије, ћирилицом.',
  'natd.col.town': 'Место',
  'natd.col.town.d': 'Град или општина канцеларије, ћирилицом.',
  'natd.col.district': 'Округ',
  'natd.col.district.d': 'Управни округ, ознака по ISO 3166-2:RS (RS-00 је Град Београд); празно ако није унет.',
  'natd.col.region': 'Статистички регион',
  'natd.col.region.d': 'Статистички регион (NUTS 2, РЗС: RS11–RS23); празно ако округ није унет.',
  'natd.col.activities': 'Активности',
  'natd.col.activities.d': 'Објављене активности које почињу у години.',
  'natd.col.participants': 'Учесници',
  'natd.col.participants.d':
    'Различите особе које су бар једном присуствовале у години. Мање од {threshold}: „<{threshold}”; скривено: „×”.',
  'natd.col.first_timers': 'Први пут',
  'natd.col.first_timers.d':
    'Учесници чије је прво присуство у тој канцеларији било у години. Мање од {threshold}: „<{threshold}”; скривено: „×”.',
  'natd.col.attendances': 'Доласци',
  'natd.col.attendances.d': 'Забележена присуства (особа на једном термину). Мање од {threshold}: „<{threshold}”; скривено: „×”.',
  'natd.col.associations': 'Удружења',
  'natd.col.associations.d': 'Активна удружења у регистру канцеларије на крају године.',
  'natd.col.counselling': 'Каријерно вођење',
  'natd.col.counselling.d': 'Потврђене сесије каријерног вођења одржане у години. Мање од {threshold}: „<{threshold}”; скривено: „×”.',
  // ── The national admin's dashboard ──
  'natd.adm.title': 'Национални преглед: управљање',
  'natd.adm.lead':
    'Збирни бројеви свих канцеларија по региону, области ЛАП-а, канцеларији и години, са променом у односу на годину раније. Број особа мањи од {threshold} приказује се као „<{threshold}”, а где би збир одао мали број, скрива се још један („×”). Подаци о појединим младима се овде не виде.',
  'natd.adm.measure': 'Показатељ за тренд',
  'natd.adm.csv': 'Преузми као CSV',
  'natd.adm.xlsx': 'Преузми као XLSX',
  'natd.adm.table': 'Бројеви по групи и години',
  'natd.adm.total': 'Укупно',
  'natd.adm.change': 'Промена: {measure}',
  'natd.adm.chart.trend': '{measure} по годинама',
  'natd.adm.chart.groups': '{measure} у {year}. години',
  'natd.adm.compare': 'Поређење канцеларија',
  'natd.adm.compare.lead': 'Изаберите до {max} канцеларија: њихови збирни бројеви по годинама, мали бројеви скривени као у целој табели.',
  'natd.adm.compare.offices': 'Канцеларије',
  'natd.adm.compare.submit': 'Упореди',
};

export const en: Record<keyof typeof sr, string> = {
  'natd.od.title': 'National figures of youth offices’ work',
  'natd.od.catalog': 'Open data of the network of youth offices',
  'natd.od.publisher': 'National Association of Youth Offices',
  'natd.od.description':
    'Aggregate figures of every youth office’s work by year: activities, participants, first-timers, attendances, associations and career-guidance sessions. A number of people below {threshold} is published as “<{threshold}”, and sometimes one more is hidden (“×”), so that small groups cannot be recognised. No personal data is published.',
  'natd.od.citation':
    'Source: National Association of Youth Offices, “National figures of youth offices’ work”, {url}, downloaded {date}. Licence CC BY 4.0. The data is used as published (if you changed it, say so).',
  'natd.od.dist.csv': 'National figures (CSV)',
  'natd.od.dist.json': 'National figures (JSON)',
  'natd.od.lead':
    'The aggregate figures of youth offices’ work, by office and year, as open data: free for any use with attribution. The files’ addresses are stable.',
  'natd.od.files': 'Files',
  'natd.od.file.csv': 'Data (CSV)',
  'natd.od.file.json': 'Data (JSON)',
  'natd.od.file.schema': 'Data dictionary (Frictionless Table Schema)',
  'natd.od.file.datapackage': 'Data package (Frictionless Data Package)',
  'natd.od.file.dcat': 'Description for the open-data portal (DCAT-AP, JSON-LD)',
  'natd.od.licence': 'Licence',
  'natd.od.licence.text': 'The data is published under the Creative Commons Attribution 4.0 International licence (CC BY 4.0).',
  'natd.od.cite': 'How to cite',
  'natd.od.cite.lead':
    'The terms of use of the national open-data portal ask you to name the source, the address and the date of download whenever you reuse the data:',
  'natd.od.columns': 'Columns',
  'natd.od.col.name': 'Name',
  'natd.od.col.meaning': 'Meaning',
  'natd.od.refreshed': 'Figures refreshed: {date}.',
  'natd.od.never': 'The figures have not been computed yet.',
  'natd.col.year': 'Year',
  'natd.col.year.d': 'Calendar year (Belgrade time).',
  'natd.col.office': 'Office code',
  'natd.col.office.d': 'The office’s permanent code, as in its page’s address.',
  'natd.col.office_name': 'Office',
  'natd.col.office_name.d': 'The office’s name, in Cyrillic.',
  'natd.col.town': 'Town',
  'natd.col.town.d': 'The office’s town or municipality, in Cyrillic.',
  'natd.col.district': 'District',
  'natd.col.district.d': 'Administrative district, ISO 3166-2:RS code (RS-00 is the City of Belgrade); empty if not entered.',
  'natd.col.region': 'Statistical region',
  'natd.col.region.d': 'Statistical region (NUTS 2, SORS: RS11–RS23); empty if the district is not entered.',
  'natd.col.activities': 'Activities',
  'natd.col.activities.d': 'Published activities starting in the year.',
  'natd.col.participants': 'Participants',
  'natd.col.participants.d': 'Distinct people who attended at least once in the year. Below {threshold}: “<{threshold}”; hidden: “×”.',
  'natd.col.first_timers': 'First-timers',
  'natd.col.first_timers.d':
    'Participants whose first attendance at that office was in the year. Below {threshold}: “<{threshold}”; hidden: “×”.',
  'natd.col.attendances': 'Attendances',
  'natd.col.attendances.d': 'Recorded attendances (a person at one session). Below {threshold}: “<{threshold}”; hidden: “×”.',
  'natd.col.associations': 'Associations',
  'natd.col.associations.d': 'Active associations in the office’s register at the year’s end.',
  'natd.col.counselling': 'Career guidance',
  'natd.col.counselling.d': 'Confirmed career-guidance sessions held in the year. Below {threshold}: “<{threshold}”; hidden: “×”.',
  'natd.adm.title': 'National overview: administration',
  'natd.adm.lead':
    'Aggregate figures of every office by region, LAP area, office and year, with the change on the year before. A number of people below {threshold} is shown as “<{threshold}”, and where a total would give a small number away one more is hidden (“×”). No individual young person’s data is shown here.',
  'natd.adm.measure': 'Measure for the trend',
  'natd.adm.csv': 'Download as CSV',
  'natd.adm.xlsx': 'Download as XLSX',
  'natd.adm.table': 'Figures by group and year',
  'natd.adm.total': 'Total',
  'natd.adm.change': 'Change: {measure}',
  'natd.adm.chart.trend': '{measure} by year',
  'natd.adm.chart.groups': '{measure} in {year}',
  'natd.adm.compare': 'Comparing offices',
  'natd.adm.compare.lead': 'Choose up to {max} offices: their aggregate figures by year, small numbers hidden as in the whole table.',
  'natd.adm.compare.offices': 'Offices',
  'natd.adm.compare.submit': 'Compare',
};

/** Notices a redirect may show (?n=key). */
export const notices: ReadonlyArray<keyof typeof sr> = [];

declare module '../../core/i18n/messages.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MessageCatalog extends Record<keyof typeof sr, string> {}
}
