// The registration form's state and its translation to and from the API (POST /petitions, /duplicates/check).
// What is allowed is decided by the server (src/domain/intake): the form only collects, and shows the server's
// problems on the fields they name. The one rule repeated here, so the clerk sees it while ticking boxes, is the
// representative limit of a group visit (Art. 20 ¶3), worded as the server words it.
import dayjs, { type Dayjs } from 'dayjs';
import type { AttachmentRow, Channel, ReceptionKind, DemandInput, FieldProblem, PetitionDraft, PersonInput, PetitionerHit, RegisterPetitionBody } from '../types';
import { chinaDateTimeString, chinaNow } from '../chinaTime';
import { CHANNEL_LABELS } from '../../../src/domain/lifecycle/labels';

export interface ChannelOption {
  value: Channel;
  label: string;
  /** Digit that picks it while the channel control has focus. */
  digit: string;
  /** Alt+letter anywhere on the page (pinyin initial; `KeyboardEvent.code`). */
  altCode: string;
  altLetter: string;
}

/** The channels in the desk's order, with the server's labels (CHANNEL_LABELS, src/domain/lifecycle/labels.ts). */
export const CHANNEL_OPTIONS: ChannelOption[] = [
  { value: 'letter', label: CHANNEL_LABELS.letter, digit: '1', altCode: 'KeyX', altLetter: 'X' },
  { value: 'visit', label: CHANNEL_LABELS.visit, digit: '2', altCode: 'KeyF', altLetter: 'F' },
  { value: 'phone', label: CHANNEL_LABELS.phone, digit: '3', altCode: 'KeyD', altLetter: 'D' },
  { value: 'online', label: CHANNEL_LABELS.online, digit: '4', altCode: 'KeyW', altLetter: 'W' },
  { value: 'mobile', label: CHANNEL_LABELS.mobile, digit: '5', altCode: 'KeyS', altLetter: 'S' },
  { value: 'fax', label: CHANNEL_LABELS.fax, digit: '6', altCode: 'KeyC', altLetter: 'C' },
  { value: 'email', label: CHANNEL_LABELS.email, digit: '7', altCode: 'KeyY', altLetter: 'Y' },
  { value: 'referral', label: CHANNEL_LABELS.referral, digit: '8', altCode: 'KeyZ', altLetter: 'Z' },
];

export function channelLabel(channel: Channel): string {
  return CHANNEL_OPTIONS.find((c) => c.value === channel)?.label ?? channel;
}

/** Art. 20 ¶3: a group visit elects at most 5 representatives (the server checks it too). */
export const MAX_REPRESENTATIVES = 5;
export const ART_20_3 = '《信访工作条例》第二十条第三款';

/** Channels on which a petition may be oral (口头信访, Art. 19 ¶1). */
export const ORAL_CHANNELS: Channel[] = ['visit', 'phone'];

/** First level of the content classification commonly used (RULES.md); suggestions only, free text is accepted. */
export const CATEGORY_SUGGESTIONS = ['城乡建设', '劳动社保', '农村农业', '国土资源', '生态环境', '卫生健康', '教育', '政法', '纪检监察', '民政', '交通运输', '商贸旅游', '其他'];

/** The clerk's decision for one demand after screening. */
export type Decision =
  | { kind: 'new' }
  | {
      kind: 'repeat' | 'joined';
      matterId: string;
      number: string;
      title: string;
      /**
       * On a terminated matter (not accepted again, Art. 36 ¶3): the reception given to the petitioner, recorded with
       * the petition (Art. 37 ¶3); null when the clerk records none. Absent for other matters.
       */
      reception?: ReceptionKind | null;
    };
export const NEW_MATTER: Decision = { kind: 'new' };

export interface PersonRow {
  key: string;
  /** Set when the clerk picked a registry record while typing the name. */
  picked: PetitionerHit | null;
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  isRepresentative: boolean;
}

export interface DemandRow {
  key: string;
  title: string;
  content: string;
  respondent: string;
  place: string;
  category: string;
  decision: Decision;
}

export interface RegistrationForm {
  channel: Channel;
  receivedAt: Dayjs;
  /** 行政区划 code (6 or 9 digits). */
  regionCode: string;
  petitioners: PersonRow[];
  title: string;
  content: string;
  respondent: string;
  place: string;
  category: string;
  /** Channel details (`details`), kept per channel so switching back and forth loses nothing. */
  details: Partial<Record<Channel, Record<string, unknown>>>;
  oral: boolean;
  /** 分诉求登记: when set, `demands` are the matters and each has its own decision. */
  split: boolean;
  demands: DemandRow[];
  /** The decision of a single-demand petition. */
  decision: Decision;
  attachments: AttachmentRow[];
}

let seq = 0;
export function newKey(prefix: string): string {
  seq += 1;
  return `${prefix}${seq}`;
}

export function emptyPerson(): PersonRow {
  return { key: newKey('p'), picked: null, name: '', idNumber: '', phone: '', address: '', isRepresentative: false };
}

export function emptyDemand(): DemandRow {
  return { key: newKey('d'), title: '', content: '', respondent: '', place: '', category: '', decision: NEW_MATTER };
}

/** A fresh form; `keep` carries the channel and region over to the next registration (继续登记). */
export function initialForm(regionCode: string, keep?: Pick<RegistrationForm, 'channel' | 'regionCode'>): RegistrationForm {
  return {
    channel: keep?.channel ?? 'letter',
    receivedAt: chinaNow(),
    regionCode: keep?.regionCode ?? regionCode,
    petitioners: [emptyPerson()],
    title: '',
    content: '',
    respondent: '',
    place: '',
    category: '',
    details: {},
    oral: false,
    split: false,
    demands: [],
    decision: NEW_MATTER,
    attachments: [],
  };
}

export function representativeCount(form: RegistrationForm): number {
  return form.channel === 'visit' ? form.petitioners.filter((p) => p.isRepresentative).length : 0;
}

/** The message the server gives for too many representatives (src/domain/intake), shown before saving. */
export function representativeProblem(form: RegistrationForm): FieldProblem | null {
  const n = representativeCount(form);
  if (n <= MAX_REPRESENTATIVES) return null;
  return {
    field: 'petitioners',
    messageZh: `多人走访应推选代表，代表人数不得超过 ${MAX_REPRESENTATIVES} 人（现为 ${n} 人）`,
    article: ART_20_3,
  };
}

const blank = (s: string) => s.trim() === '';
const orNull = (s: string) => (blank(s) ? null : s.trim());

function personIsEmpty(p: PersonRow): boolean {
  return !p.picked && blank(p.name) && blank(p.idNumber) && blank(p.phone) && blank(p.address);
}

/** The rows sent, with the form index of each (server problems name the index sent). */
function sentPeople(form: RegistrationForm): { people: PersonInput[]; index: number[] } {
  const people: PersonInput[] = [];
  const index: number[] = [];
  form.petitioners.forEach((p, i) => {
    if (personIsEmpty(p)) return;
    index.push(i);
    people.push({
      ...(p.picked ? { petitionerId: p.picked.id } : {}),
      name: p.name.trim(),
      idNumber: orNull(p.idNumber.replace(/\s/g, '')),
      phone: orNull(p.phone),
      address: orNull(p.address),
      ...(form.channel === 'visit' ? { isRepresentative: p.isRepresentative } : {}),
    });
  });
  return { people, index };
}

/** The text screened: the active demand when split, else the petition. */
function screenedText(form: RegistrationForm, activeDemand: number) {
  const d = form.split ? form.demands[activeDemand] : undefined;
  const src = d ?? form;
  return { title: src.title.trim(), content: src.content.trim(), respondent: orNull(src.respondent), place: orNull(src.place), category: orNull(src.category) };
}

/**
 * The draft to screen, or null while there is not enough to screen: someone identified (a name, ID number or phone)
 * or at least 10 characters of content.
 */
export function screeningDraft(form: RegistrationForm, activeDemand: number): PetitionDraft | null {
  const text = screenedText(form, activeDemand);
  const people = sentPeople(form).people.filter((p) => p.name || p.idNumber || p.phone);
  const regionCode = form.regionCode;
  if (!/^\d{6}(\d{3})?$/.test(regionCode)) return null;
  if (people.length === 0 && text.content.length < 10) return null;
  return {
    channel: form.channel,
    receivedAt: chinaDateTimeString(form.receivedAt),
    regionCode,
    ...text,
    petitioners: people.map(({ isRepresentative: _r, address: _a, ...p }) => p),
    // A phone petition's caller number screens as its caller's phone (the server's `withCallerNumber`).
    ...(form.channel === 'phone' ? { details: detailsOf(form) } : {}),
  };
}

/** Details that are dates (the rest of the date pickers give date-times, e.g. calledAt). */
const DATE_KEYS = new Set(['postmarkOn', 'deadlineOn']);

/** The channel's details as the API takes them: empty values left out, dates as ISO strings. */
export function detailsOf(form: RegistrationForm): Record<string, unknown> {
  const raw = { ...(form.details[form.channel] ?? {}) };
  // A call's start is when it was received unless the clerk says otherwise.
  if (form.channel === 'phone' && raw.calledAt === undefined) raw.calledAt = form.receivedAt;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === null || (typeof value === 'string' && blank(value))) continue;
    if (dayjs.isDayjs(value)) out[key] = DATE_KEYS.has(key) ? value.format('YYYY-MM-DD') : chinaDateTimeString(value);
    else out[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

function demandOf(d: DemandRow): DemandInput {
  return {
    title: d.title.trim(),
    content: d.content.trim(),
    respondent: orNull(d.respondent),
    place: orNull(d.place),
    category: orNull(d.category),
    ...(d.decision.kind === 'new'
      ? {}
      : { linkTo: { matterId: d.decision.matterId, relation: d.decision.kind, ...(d.decision.reception ? { reception: { kind: d.decision.reception } } : {}) } }),
  };
}

/** The POST /petitions body, and how to map the server's petitioner indexes back to form rows. */
export function buildBody(form: RegistrationForm): { body: RegisterPetitionBody; personIndex: number[] } {
  const { people, index } = sentPeople(form);
  const single: DemandRow = { key: 'single', title: form.title, content: form.content, respondent: form.respondent, place: form.place, category: form.category, decision: form.decision };
  const demands = form.split ? form.demands.map(demandOf) : form.decision.kind === 'new' ? undefined : [demandOf(single)];
  const body: RegisterPetitionBody = {
    channel: form.channel,
    receivedAt: chinaDateTimeString(form.receivedAt),
    regionCode: form.regionCode,
    title: form.title.trim(),
    content: form.content.trim(),
    respondent: orNull(form.respondent),
    place: orNull(form.place),
    category: orNull(form.category),
    details: detailsOf(form),
    petitioners: people,
    ...(ORAL_CHANNELS.includes(form.channel) && form.oral ? { oral: true } : {}),
    ...(form.attachments.length ? { attachmentIds: form.attachments.map((a) => a.id) } : {}),
    ...(demands ? { demands } : {}),
  };
  return { body, personIndex: index };
}

/**
 * Server problem fields as form fields: petitioner indexes back to form rows, `receivedOn` onto the received time,
 * and for an unsplit petition its one demand onto the petition's own title and content.
 */
export function toFormField(field: string, form: RegistrationForm, personIndex: number[]): string {
  if (field === 'receivedOn') return 'receivedAt';
  const person = /^petitioners\.(\d+)(\..+)?$/.exec(field);
  if (person) {
    const row = personIndex[Number(person[1])];
    return row === undefined ? 'petitioners' : `petitioners.${row}${person[2] ?? ''}`;
  }
  if (field === 'petitioners.idNumber') return 'petitioners';
  if (!form.split) {
    const demand = /^demands\.0\.(title|content|respondent|place|category)$/.exec(field);
    if (demand) return demand[1]!;
  }
  return field;
}

/** The DOM id of a field's form item (scroll target). */
export function fieldDomId(field: string): string {
  return `reg-${field.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

export type ProblemMap = Record<string, FieldProblem[]>;

export function problemMap(problems: FieldProblem[]): ProblemMap {
  const out: ProblemMap = {};
  for (const p of problems) (out[p.field] ??= []).push(p);
  return out;
}

export function problemText(list: FieldProblem[] | undefined): string | undefined {
  if (!list?.length) return undefined;
  return list.map((p) => (p.article ? `${p.messageZh}（${p.article}）` : p.messageZh)).join('；');
}
