import type { OfficeRole } from '../src/core/auth/actor.ts';
import type { Access, RouteDef } from '../src/core/http/routes.ts';

import { makeActivity, makeRegistration } from '../src/features/activities/testing.ts';
import { insertAccount } from '../src/features/accounts/service.ts';
import { addMember } from '../src/features/admin/repo.ts';
import { FIXTURE_LINE, importFixture } from '../src/features/imports/fixtures.ts';
import { associationFixture } from '../src/features/associations/fixtures.ts';
import { certificateFixture } from '../src/features/certificates/fixtures.ts';
import { parentTokenFixture, registerFixture } from '../src/features/me/fixtures.ts';
import { partnerFixture } from '../src/features/partners/fixtures.ts';
import { postFixture } from '../src/features/news/fixtures.ts';
import { opportunityFixture } from '../src/features/opportunities/fixtures.ts';
import { newsletterCampaignFixture, newsletterKeyFixture } from '../src/features/newsletter/fixtures.ts';
import { slotParamFixture } from '../src/features/guidance/fixtures.ts';
import { councilMeetingFixture, councilMemberFixture } from '../src/features/council/fixtures.ts';
import { requestFixture, resourceFixture } from '../src/features/bookings/fixtures.ts';
import { initiativeFixture, photoFixture } from '../src/features/initiatives/fixtures.ts';
import { volunteerParamFixture, volunteeringFixture } from '../src/features/volunteering/fixtures.ts';
import { adoptedPlanFixture, indicatorFixture, planActivityFixture, planFixture } from '../src/features/plan/fixtures.ts';
import { reportYearFixture } from '../src/features/report/fixtures.ts';
import { surveyFixture } from '../src/features/surveys/fixtures.ts';
import { consultationFixture } from '../src/features/national/consultation-fixtures.ts';
import { campaignFixture, invitationFixture, networkOfficeFixture } from '../src/features/national/fixtures.ts';
import type { TestApp, TestClient } from './app.ts';
import { personFixture } from './people.ts';

/**
 * The people every route is tried as (issue #3's matrix): office A is Pančevo, office B Čačak.
 * Each actor holds exactly the roles its name says, so an allowed request can only come from
 * the rule that should allow it.
 */
export const OFFICE_A = 'pancevo';
export const OFFICE_B = 'cacak';

export const ACTORS = [
  'anonymous',
  'young',
  'associationRepA',
  'youthCouncilA',
  'coordinatorA',
  'coordinatorB',
  'officeAdminA',
  'nationalAdmin',
] as const;
export type ActorName = (typeof ACTORS)[number];

export interface ActorSpec {
  email: string | null;
  national?: boolean;
  /** [office slug, role] pairs. */
  roles: Array<[string, OfficeRole]>;
}

/** The password of every account made here. */
export const ACTOR_PASSWORD = 'matrica-lozinka';

export const ACTOR_SPECS: Record<ActorName, ActorSpec> = {
  anonymous: { email: null, roles: [] },
  young: { email: 'matrica.mladi@primer.test', roles: [] },
  associationRepA: { email: 'matrica.udruzenje@primer.test', roles: [[OFFICE_A, 'association_rep']] },
  youthCouncilA: { email: 'matrica.savet@primer.test', roles: [[OFFICE_A, 'youth_council']] },
  coordinatorA: { email: 'matrica.koordinator.a@primer.test', roles: [[OFFICE_A, 'coordinator']] },
  coordinatorB: { email: 'matrica.koordinator.b@primer.test', roles: [[OFFICE_B, 'coordinator']] },
  officeAdminA: { email: 'matrica.admin.a@primer.test', roles: [[OFFICE_A, 'office_admin']] },
  nationalAdmin: { email: 'matrica.nacionalni@primer.test', national: true, roles: [] },
};

/**
 * The existing account plausibleValues (test/forms.ts) puts in fields that must name one, so
 * a log-in or a team grant built from a form would go through: the young person.
 */
export const KNOWN_ACCOUNT = { email: ACTOR_SPECS.young.email!, password: ACTOR_PASSWORD };

/**
 * A confirmed account (password ACTOR_PASSWORD) holding exactly the spec's roles, written as
 * sign-up writes one: with its consent row, which test/consistency.ts asks of every user.
 * Pass the hash when making several, to hash once.
 */
export async function createAccount(t: TestApp, spec: ActorSpec & { email: string }, passwordHash?: string): Promise<string> {
  const hash = passwordHash ?? (await t.deps.passwords.hash(ACTOR_PASSWORD));
  return t.db.transaction(async (tx) => {
    const id = await insertAccount(tx, {
      email: spec.email,
      passwordHash: hash,
      displayName: `Matrica ${spec.email.split('@')[0]}`,
      birthDate: '1995-05-05',
      locale: 'lat',
      confirmed: true,
      nationalAdmin: spec.national ?? false,
    });
    for (const [slug, role] of spec.roles) {
      const office = await tx.query<{ id: string }>('SELECT id FROM offices WHERE slug = $1', [slug]);
      await addMember(tx, office[0]!.id, id, role, null);
    }
    return id;
  });
}

/** Creates the matrix's accounts (once per test app) and returns a logged-in client factory. */
export async function createActors(t: TestApp): Promise<(name: ActorName) => Promise<TestClient>> {
  const hash = await t.deps.passwords.hash(ACTOR_PASSWORD);
  for (const spec of Object.values(ACTOR_SPECS)) if (spec.email) await createAccount(t, { ...spec, email: spec.email }, hash);
  return async (name) => {
    const spec = ACTOR_SPECS[name];
    return spec.email ? t.clientAs(spec.email) : t.client();
  };
}

export type Decision = 'allow' | 'login' | 'forbidden';

/**
 * What a route's declared access means for an actor when the route's :office is office A.
 * This is the expectation the matrix checks the server's behaviour against.
 */
export function expectedDecision(access: Access, actor: ActorName): Decision {
  const spec = ACTOR_SPECS[actor];
  if (access.kind === 'public') return 'allow';
  if (!spec.email) return 'login';
  if (access.kind === 'signedIn') return 'allow';
  if (access.kind === 'national') return spec.national ? 'allow' : 'forbidden';
  // The national admin holds no office role: an office route lets them in only when it shows no person's data.
  if (spec.national && access.national === 'aggregates') return 'allow';
  return spec.roles.some(([slug, role]) => slug === OFFICE_A && access.roles.includes(role)) ? 'allow' : 'forbidden';
}

/**
 * An actor the route lets in (office A's staff for office routes, the national admin for national
 * ones, anyone signed in otherwise): the one a test uses when it needs the request to get past the
 * access rule. The national admin holds no office role (issue #17).
 */
export function allowedActor(access: Access): ActorName {
  const who = (['coordinatorA', 'officeAdminA', 'nationalAdmin'] as const).find((a) => expectedDecision(access, a) === 'allow');
  if (!who) throw new Error(`No matrix actor may use a route with access ${JSON.stringify(access)}`);
  return who;
}

/**
 * Values for path parameters. A route with a parameter not listed here fails the matrix:
 * a feature that adds `:activity` adds a fixture that creates one in office A.
 */
export type ParamFixture = (t: TestApp, route?: RouteDef) => Promise<string>;
export const PARAM_FIXTURES: Record<string, ParamFixture> = {
  'lang{cir|lat|en}': async () => 'lat',
  office: async () => OFFICE_A,
  slug: async () => OFFICE_A,
  file: async () => 'app.css',
  // A fresh import preview of office A (row 2 valid, row FIXTURE_LINE with errors), its row, a template/export file name.
  import: (t) => importFixture(t.deps, OFFICE_A),
  line: async () => String(FIXTURE_LINE),
  sheet: async () => 'udruzenja.csv',
  // A live person of office A with a live duplicate (see test/people.ts).
  person: personFixture,
  // An association of office A whose approved representative is the matrix's associationRepA.
  association: (t) => associationFixture(t.db, OFFICE_A, ACTOR_SPECS.associationRepA.email!),
  partner: async (t) => (await partnerFixture(t.db, OFFICE_A)).partner,
  // An agreement of that partner, with a stored PDF.
  agreement: async (t) => (await partnerFixture(t.db, OFFICE_A)).agreement,
  // Office A, with the matrix's young person and coordinatorA in its register (their own data pages open).
  register: (t) => registerFixture(t.deps, OFFICE_A, [ACTOR_SPECS.young.email!, ACTOR_SPECS.coordinatorA.email!]),
  // A fresh parent's request in office A awaiting confirmation: the raw token of its mailed link.
  token: (t) => parentTokenFixture(t.deps, OFFICE_A),
  // ── Activities family (issue #5): one block per feature ──
  // A published activity of office A, one session a week from now, 1,000 places, with a
  // confirmed and a pending registration: the same one while it stays so (probes and snapshots
  // see one activity), a new one once a route has cancelled it or decided the pending one.
  activity: activityFixture,
  // activities:
  // calendar:
  // registrations:
  // checkin:
  // certificates:
  // A finished workshop of office A that coordinatorA attended (:participation, a registration of their own account) and its issued certificate.
  participation: async (t) => (await certificateFixture(t.deps, OFFICE_A, ACTOR_SPECS.coordinatorA.email!)).registration,
  certificate: async (t) => (await certificateFixture(t.deps, OFFICE_A, ACTOR_SPECS.coordinatorA.email!)).certificate,
  // news: a published post of office A with an image (a new one once a route deleted or unpublished it).
  post: (t) => postFixture(t.db, OFFICE_A),
  // An open opportunity of office A (a new one once a route has deleted it).
  opportunity: (t) => opportunityFixture(t.db, OFFICE_A),
  // newsletter: a confirmed subscriber's manage / unsubscribe key; a newsletter of office A in the state the route acts on.
  key: (t) => newsletterKeyFixture(t.db, t.deps, OFFICE_A),
  campaign: (t, route) => newsletterCampaignFixture(t.db, OFFICE_A, route?.name ?? ''),
  // guidance: a career-guidance slot of office A whose counsellor is coordinatorA: free (to book), or for its
  // slot page booked by someone who agreed to notes (the notes form shows); the same while it stays so.
  slot: (t, route) => slotParamFixture(t.deps, OFFICE_A, ACTOR_SPECS.coordinatorA.email!, route),
  // council: a serving member of office A's youth council (an older one for the removal route), and a
  // meeting held yesterday with minutes to adopt (a month ahead for the invitations route).
  councilMember: (t, route) => councilMemberFixture(t.deps, OFFICE_A, route),
  councilMeeting: (t, route) => councilMeetingFixture(t.deps, OFFICE_A, route),
  // bookings: a room of office A open every day, and a pending request on it (a new one once a route decided it).
  resource: (t) => resourceFixture(t.deps, OFFICE_A),
  request: (t, route) => requestFixture(t.deps, OFFICE_A, route, ACTOR_SPECS.coordinatorA.email!),
  // initiatives: an initiative of office A in the state the route acts on (a draft for most; sent, under review,
  // supported, running or completed for the steps), its team coordinatorA (office A's person the cross-office test
  // acts as) and the first national admin (the form discovery's); :photo the completed one's photo.
  initiative: (t, route) => initiativeFixture(t.db, OFFICE_A, ACTOR_SPECS.coordinatorA.email!, route),
  photo: (t) => photoFixture(t.db, OFFICE_A, ACTOR_SPECS.coordinatorA.email!),
  // volunteering: an opportunity of office A posted for associationRepA's association; :volunteer coordinatorA's
  // accepted application on it (a pending one for accept/decline, an uncertified one for issuing); :volcert an issued certificate's code.
  volunteering: async (t) =>
    (await volunteeringFixture(t.deps, OFFICE_A, ACTOR_SPECS.coordinatorA.email!, ACTOR_SPECS.associationRepA.email!)).opportunity,
  volunteer: (t, route) =>
    volunteerParamFixture(t.deps, OFFICE_A, ACTOR_SPECS.coordinatorA.email!, ACTOR_SPECS.associationRepA.email!, route?.name),
  volcert: async (t) =>
    (await volunteeringFixture(t.deps, OFFICE_A, ACTOR_SPECS.coordinatorA.email!, ACTOR_SPECS.associationRepA.email!)).code,
  // plan: office A's draft harness plan with one of everything (a new one once a route adopted it), its manual indicator, its activity;
  // for "open a revision", an adopted plan with no revision open.
  // For the LAP consultation's office routes, the same draft shared with the national reviewers, with a comment to answer.
  lapPlan: (t, route) =>
    route?.name === 'plan.revision'
      ? adoptedPlanFixture(t.db, OFFICE_A)
      : route?.name.startsWith('plan.consultation')
        ? consultationFixture(t.db, OFFICE_A)
        : planFixture(t.db, OFFICE_A),
  lapIndicator: (t) => indicatorFixture(t.db, OFFICE_A),
  lapActivity: (t) => planActivityFixture(t.db, OFFICE_A),
  // surveys: an open, anonymous needs survey of office A without quotas (a new one once a route closed it or set quotas).
  survey: (t) => surveyFixture(t.db, OFFICE_A),
  // national: an open office of its own that the close and merge routes act on (never office A), with an
  // upcoming activity and a confirmed registration; a fresh first admin's invitation (its raw token) to it,
  // addressed to coordinatorA (the signed-in actor a test posts the accept form as: only the invited account may).
  kzm: (t) => networkOfficeFixture(t.db),
  invitation: (t) => invitationFixture(t.db, ACTOR_SPECS.coordinatorA.email!),
  // national consultation: office A's harness draft plan shared with the national reviewers (open again once closed), one comment unanswered.
  consultation: (t) => consultationFixture(t.db, OFFICE_A),
  // national campaigns: an open campaign of the association (the demo's Youth Day).
  kampanja: (t) => campaignFixture(t.db),
  // report: office A's annual report of this year being written (narrative, make), or last year's made with its files (download, reopen).
  reportYear: (t, route) => reportYearFixture(t.deps, OFFICE_A, route),
  reportFile: async () => 'cir.pdf',
};

const activityMade = new WeakMap<object, Map<string, string>>();
/**
 * The :activity fixture: a published activity of office A with one confirmed and one pending
 * registration (so the staff's row forms exist), the same while it stays so; a draft for the
 * route that publishes one.
 */
async function activityFixture(t: TestApp, route?: RouteDef): Promise<string> {
  const status = route?.name === 'activities.admin.publish' ? 'draft' : 'published';
  const made = activityMade.get(t.db) ?? new Map<string, string>();
  activityMade.set(t.db, made);
  const known = made.get(status);
  const usable = known
    ? await t.db.query(
        `SELECT 1 FROM activities a WHERE a.id = $1 AND a.status = $2 AND a.starts_at > now()
            AND EXISTS (SELECT 1 FROM registrations r WHERE r.office_id = a.office_id AND r.activity_id = a.id AND r.status = 'pending')`,
        [known, status],
      )
    : [];
  if (known && usable.length > 0) return known;
  const activity = await makeActivity(t.db, OFFICE_A, { capacity: 1000, status });
  await makeRegistration(t.db, activity, { status: 'confirmed' });
  await makeRegistration(t.db, activity, { status: 'pending' });
  made.set(status, activity.id);
  return activity.id;
}

/** The route's path with every parameter filled from PARAM_FIXTURES (or the fixtures given). */
export async function concretePath(t: TestApp, route: RouteDef, fixtures: Record<string, ParamFixture> = PARAM_FIXTURES): Promise<string> {
  let path = route.path;
  for (const m of route.path.matchAll(/:([A-Za-z_]+(?:\{[^}]*\})?)/g)) {
    const fixture = fixtures[m[1]!];
    if (!fixture) throw new Error(`No PARAM_FIXTURES entry for :${m[1]} (route ${route.name}); add one in test/actors.ts`);
    path = path.replace(m[0], await fixture(t, route));
  }
  return path;
}
