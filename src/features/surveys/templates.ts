import { LAP_AREAS, type LapArea } from '../../core/domain.ts';
import type { Definition, Question, Section } from './definition.ts';

/**
 * The reusable demographic block and the two templates. Texts are Serbian in Cyrillic (the
 * respondent reads them in their script); codes are the register's (people/schema.ts), so every
 * result breaks down the same way as the office's other statistics.
 */

/** Question ids of the demographic block; the response's columns are filled from them. */
export const DEMO = {
  age: 'demo_age',
  gender: 'demo_gender',
  settlement: 'demo_settlement',
  status: 'demo_status',
  consent: 'demo_consent',
  vulnerable: 'demo_vulnerable',
} as const;

/** The demographic dimensions results break down by (the response's columns). */
export const DIMENSIONS = ['age_group', 'gender', 'settlement_kind', 'status'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const QUOTA_DIMENSIONS = ['age_group', 'gender', 'settlement_kind'] as const;
export type QuotaDimension = (typeof QUOTA_DIMENSIONS)[number];

export const DIMENSION_QUESTION: Record<Dimension, string> = {
  age_group: DEMO.age,
  gender: DEMO.gender,
  settlement_kind: DEMO.settlement,
  status: DEMO.status,
};

export const DIMENSION_CODES: Record<Dimension, readonly string[]> = {
  age_group: ['15-19', '20-24', '25-30', 'other'],
  gender: ['female', 'male', 'other', 'undisclosed'],
  settlement_kind: ['urban', 'rural'],
  status: ['pupil', 'student', 'employed', 'unemployed', 'neet'],
};

/** The groups the census publishes young people by (the inclusion dashboard's population). */
export const CENSUS_CODES: Record<QuotaDimension, readonly string[]> = {
  age_group: ['15-19', '20-24', '25-30'],
  gender: ['female', 'male'],
  settlement_kind: ['urban', 'rural'],
};

const VULNERABLE = [
  ['roma', 'Припадам ромској заједници'],
  ['disability', 'Имам инвалидитет или хронично обољење'],
  ['care', 'Одрастам или сам одрастао/ла без родитељског старања'],
  ['poverty', 'Моја породица прима социјалну помоћ'],
  ['migrant', 'Избеглица, интерно расељено лице или тражилац азила'],
] as const;

/** The demographic block: age group, gender, settlement kind, status; optionally the vulnerable-group questions behind their own explicit consent. */
export function demographicBlock(opts: { vulnerable: boolean }): Section {
  const questions: Question[] = [
    {
      id: DEMO.age,
      kind: 'single',
      title: 'Колико имате година?',
      required: true,
      options: [
        { code: '15-19', label: '15–19' },
        { code: '20-24', label: '20–24' },
        { code: '25-30', label: '25–30' },
        { code: 'other', label: 'Млађи/а од 15 или старији/а од 30' },
      ],
    },
    {
      id: DEMO.gender,
      kind: 'single',
      title: 'Пол',
      required: true,
      options: [
        { code: 'female', label: 'Женски' },
        { code: 'male', label: 'Мушки' },
        { code: 'other', label: 'Друго' },
        { code: 'undisclosed', label: 'Не желим да кажем' },
      ],
    },
    {
      id: DEMO.settlement,
      kind: 'single',
      title: 'Где живите?',
      required: true,
      options: [
        { code: 'urban', label: 'У граду' },
        { code: 'rural', label: 'На селу' },
      ],
    },
    {
      id: DEMO.status,
      kind: 'single',
      title: 'Чиме се тренутно бавите?',
      required: false,
      options: [
        { code: 'pupil', label: 'Ученик/ца' },
        { code: 'student', label: 'Студент/киња' },
        { code: 'employed', label: 'Запослен/а' },
        { code: 'unemployed', label: 'Незапослен/а' },
        { code: 'neet', label: 'Нисам ни у школи ни на послу' },
      ],
    },
  ];
  if (opts.vulnerable) {
    questions.push(
      {
        id: DEMO.consent,
        kind: 'single',
        title:
          'Следећа питања су о осетљивим подацима (национална припадност, здравље, социјални положај). Дајете ли изричит пристанак да их обрадимо, само у збирним бројевима, без ваших других одговора у извозу?',
        help: 'Ако не желите, прескочите ово питање: остали одговори важе.',
        required: false,
        options: [
          { code: 'yes', label: 'Да, дајем изричит пристанак' },
          { code: 'no', label: 'Не' },
        ],
        special: true,
      },
      {
        id: DEMO.vulnerable,
        kind: 'multi',
        title: 'Шта се од следећег односи на вас?',
        required: false,
        options: VULNERABLE.map(([code, label]) => ({ code, label })),
        when: { question: DEMO.consent, op: 'equals', value: 'yes' },
        special: true,
      },
    );
  }
  return { id: 'demografija', title: 'О вама', intro: 'Одговори служе само за статистику, у збирним бројевима.', questions };
}

const AREA_LABELS: Record<LapArea, string> = {
  education: 'Образовање',
  health: 'Здравље и одрастање',
  safety: 'Безбедност',
  employment: 'Запошљавање',
  participation: 'Учешће у одлучивању',
  volunteering: 'Волонтирање и активизам',
  mobility: 'Мобилност и интеркултуралност',
  youth_work: 'Омладински рад и простори за младе',
};

export const TEMPLATES = ['needs', 'feedback', 'blank'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/** The yearly youth-needs survey, built on the LAP areas (core/domain.ts). */
export function needsTemplate(year: number): Definition {
  const areas = LAP_AREAS.map((a) => ({ code: a, label: AREA_LABELS[a] }));
  return {
    title: `Истраживање потреба младих ${year}`,
    intro: 'Анкета је анонимна и траје око 10 минута. Одговори помажу да локални акциони план за младе одговори на ваше потребе.',
    sections: [
      {
        id: 'kancelarija',
        title: 'Канцеларија за младе',
        questions: [
          {
            id: 'knows_office',
            kind: 'single',
            title: 'Да ли знате за Канцеларију за младе у вашем граду?',
            required: true,
            options: [
              { code: 'yes', label: 'Да' },
              { code: 'no', label: 'Не' },
            ],
          },
          {
            id: 'visited',
            kind: 'single',
            title: 'Да ли сте у последњих годину дана учествовали у некој активности Канцеларије?',
            required: false,
            options: [
              { code: 'yes', label: 'Да' },
              { code: 'no', label: 'Не' },
            ],
            when: { question: 'knows_office', op: 'equals', value: 'yes' },
          },
          {
            id: 'office_rating',
            kind: 'scale',
            title: 'Колико сте задовољни радом Канцеларије?',
            required: false,
            when: { question: 'visited', op: 'equals', value: 'yes' },
          },
        ],
      },
      {
        id: 'oblasti',
        title: 'Области локалног акционог плана',
        questions: [
          {
            id: 'area_satisfaction',
            kind: 'matrix',
            title: 'Колико сте задовољни стањем у свакој области у вашем граду? (1 — нимало, 5 — потпуно)',
            required: false,
            rows: areas,
          },
          { id: 'area_priorities', kind: 'multi', title: 'Које три области треба прво унапредити?', required: true, options: areas },
          {
            id: 'area_ranking',
            kind: 'ranking',
            title: 'Поређајте области по важности за вас (1 — најважније)',
            required: false,
            options: areas,
          },
          { id: 'hours_free', kind: 'number', title: 'Колико сати недељно имате слободног времена?', required: false, min: 0, max: 112 },
          { id: 'missing', kind: 'long', title: 'Шта младима у вашем граду највише недостаје?', required: false },
        ],
      },
      demographicBlock({ vulnerable: true }),
    ],
  };
}

/** Feedback after an event. */
export function feedbackTemplate(): Definition {
  return {
    title: 'Утисци са догађаја',
    sections: [
      {
        id: 'utisci',
        title: 'Ваши утисци',
        questions: [
          { id: 'overall', kind: 'scale', title: 'Колико сте задовољни догађајем у целини?', required: true },
          {
            id: 'recommend',
            kind: 'single',
            title: 'Да ли бисте догађај препоручили другима?',
            required: true,
            options: [
              { code: 'yes', label: 'Да' },
              { code: 'maybe', label: 'Можда' },
              { code: 'no', label: 'Не' },
            ],
          },
          { id: 'why_not', kind: 'short', title: 'Зашто не?', required: false, when: { question: 'recommend', op: 'equals', value: 'no' } },
          { id: 'comments', kind: 'long', title: 'Шта бисмо следећи пут могли боље?', required: false },
        ],
      },
      demographicBlock({ vulnerable: false }),
    ],
  };
}

export function blankTemplate(): Definition {
  return {
    title: 'Нова анкета',
    sections: [
      {
        id: 'prvi',
        title: 'Први део',
        questions: [{ id: 'q1', kind: 'long', title: 'Ваше мишљење', required: false }],
      },
      demographicBlock({ vulnerable: false }),
    ],
  };
}

export function templateDefinition(name: TemplateName, year: number): Definition {
  return name === 'needs' ? needsTemplate(year) : name === 'feedback' ? feedbackTemplate() : blankTemplate();
}
