// Espaces de média social (issue 17; seed 003, the social-media policy): the school's requests to create
// a space. A new request (its name, platform, use, access level, the four blocks, the responsible person),
// then each request's workflow — printed (the policy's annexe A filled in), sent to the service centre,
// accepted or refused by the director general (the signed decision joined) — its administrators, the
// conditions of articles 6 to 9 ticked one by one, and, once accepted, its members: each student joins
// with the consent their age asks (under 13 never; 13 a parent's; 14 and over the student's or a parent's).
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { field, today, markLoading, markReady, readChosenFile } from './register-common.js';

const PLATFORMS = ['google', 'linkedin', 'meta_facebook', 'meta_instagram', 'youtube', 'x', 'autre'];
const LEVELS = ['consultation_13', 'adhesion_13_consentement_parental', 'adhesion_14_plus_consentement'];
const BLOCKS = ['content', 'administration', 'training', 'monitoring'];

export async function renderSpaces(container) {
  const list = el('div', { id: 'space-list', class: 'space-list' });
  const status = el('p', { class: 'message', role: 'alert', hidden: true });
  let conditions = [];
  let students = [];
  const reload = async () => {
    markLoading();
    try {
      const spaces = await api.spaceList();
      list.replaceChildren(...spaces.map((space) => spaceCard(space, conditions, students, reload)));
      if (!spaces.length) list.append(el('p', { class: 'empty-text' }, t('spaces.none')));
    } catch (failure) {
      showMessage(status, errorText(failure), 'error');
    }
    markReady();
  };
  container.append(
    screenTitle(t('nav.espaces')),
    el('p', { class: 'section-intro' }, t('spaces.intro')),
    newSpaceSection(reload),
    el('section', { class: 'panel', 'aria-labelledby': 'spaces-list-title' },
      el('h2', { id: 'spaces-list-title', class: 'section-title' }, t('spaces.listTitle')), status, list));
  try {
    [conditions, students] = await Promise.all([api.spaceConditions(), api.studentList()]);
  } catch (failure) {
    showMessage(status, errorText(failure), 'error');
  }
  await reload();
}

function newSpaceSection(reload) {
  const input = (id) => el('input', { id, class: 'input', autocomplete: 'off' });
  const area = (id) => el('textarea', { id, class: 'input', rows: 2 });
  const name = input('space-name');
  const platform = el('select', { id: 'space-platform', class: 'input' }, PLATFORMS.map((p) => el('option', { value: p }, t(`spaces.platform.${p}`))));
  const other = input('space-other');
  const useType = input('space-use-type');
  const level = el('select', { id: 'space-access', class: 'input' }, LEVELS.map((l) => el('option', { value: l }, t(`spaces.level.${l}`))));
  const blocks = Object.fromEntries(BLOCKS.map((b) => [b, area(`space-${b}`)]));
  const responsible = area('space-responsible');
  const message = el('p', { class: 'message', role: 'alert', hidden: true });
  const add = el('button', { type: 'submit', id: 'space-add', class: 'button button--primary' }, t('spaces.add'));
  const form = el('form', { id: 'space-form', class: ['form', 'project-form'] },
    field(t('spaces.field.name'), name),
    field(t('spaces.field.platform'), platform),
    field(t('spaces.field.other'), other, t('spaces.field.otherHint')),
    field(t('spaces.field.useType'), useType),
    field(t('spaces.field.access'), level),
    BLOCKS.map((b) => field(t(`spaces.block.${b}`), blocks[b])),
    field(t('spaces.field.responsible'), responsible),
    message, el('div', { class: 'actions' }, add));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setBusy(add, t('projects.adding'));
    try {
      const space = await api.spaceAdd({
        name: name.value, platform: platform.value, platform_other: other.value, use_type: useType.value,
        access_level: level.value, content: blocks.content.value, administration: blocks.administration.value,
        training: blocks.training.value, monitoring: blocks.monitoring.value, responsible: responsible.value,
      });
      form.reset();
      showMessage(message, t('spaces.added', { id: space.id }), 'ok');
      await reload();
    } catch (failure) {
      showMessage(message, errorText(failure), 'error');
    }
    clearBusy(add, t('spaces.add'));
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'space-new-title' },
    el('h2', { id: 'space-new-title', class: 'section-title' }, t('spaces.newTitle')), form);
}

function spaceCard(space, conditions, students, reload) {
  const message = el('p', { class: 'message', role: 'alert', hidden: true });
  // One step of the workflow; `button` (null for a checkbox) shows it is saving.
  // A refusal is said under the section it comes from (`where`).
  const step = async (button, label, body, where = message) => {
    if (button) setBusy(button, t('projects.saving'));
    try {
      await api.spaceStep(space.id, await body());
      await reload();
    } catch (failure) {
      showMessage(where, errorText(failure), 'error');
      if (button) clearBusy(button, label);
    }
  };
  const dateInput = (id) => {
    const input = el('input', { id, type: 'date', class: 'input' });
    input.value = today();
    return input;
  };
  const prefix = `space-${space.id}`;
  const actions = [];
  const print = el('button', { type: 'button', class: 'button', dataset: { action: 'print' } }, t('spaces.print'));
  print.addEventListener('click', async () => {
    setBusy(print, t('forms.printing'));
    try {
      const saved = await api.spacePrint(space.id, 'open', '');
      if (saved) showMessage(message, saved.opened ? t('forms.opened') : t('use.savedTo', { path: saved.path }), 'ok');
      await reload();
    } catch (failure) {
      showMessage(message, errorText(failure), 'error');
      clearBusy(print, t('spaces.print'));
    }
  });
  actions.push(print);
  if (space.status === 'brouillon') {
    const on = dateInput(`${prefix}-sent-on`);
    const send = el('button', { type: 'button', class: 'button button--primary', dataset: { action: 'send' } }, t('spaces.send'));
    send.addEventListener('click', () => step(send, t('spaces.send'), () => ({ kind: 'send', on: on.value })));
    actions.push(field(t('spaces.sentOn'), on), send);
  }
  if (space.status === 'envoyee') {
    const on = dateInput(`${prefix}-decided-on`);
    const scan = el('input', { id: `${prefix}-decision-scan`, type: 'file', class: 'input', accept: '.pdf,.png,.jpg,.jpeg' });
    const decide = (accepted, label, action) => {
      const b = el('button', { type: 'button', class: accepted ? 'button button--primary' : 'button', dataset: { action } }, label);
      b.addEventListener('click', () => step(b, label, async () => ({
        kind: 'decide', accepted, on: on.value, scan: scan.files.length ? await readChosenFile(scan) : null,
      })));
      return b;
    };
    actions.push(field(t('spaces.decidedOn'), on), field(t('spaces.decisionScan'), scan),
      decide(true, t('spaces.accept'), 'accept'), decide(false, t('spaces.refuse'), 'refuse'));
  }
  const admins = el('p', { class: 'section-intro' }, t('spaces.admins', { names: space.admins.join(', ') || t('spaces.noAdmin') }));
  const adminName = el('input', { id: `${prefix}-admin`, class: 'input', autocomplete: 'off' });
  const adminAdd = el('button', { type: 'button', class: 'button', dataset: { action: 'admin' } }, t('spaces.addAdmin'));
  adminAdd.addEventListener('click', () => step(adminAdd, t('spaces.addAdmin'), () => ({ kind: 'admin', staff: adminName.value })));
  const checklist = el('ul', { class: 'checkbox-list', id: `${prefix}-conditions` }, conditions.map(([key, text]) => {
    const met = space.conditions.find(([k]) => k === key);
    const box = el('input', { id: `${prefix}-condition-${key}`, type: 'checkbox', class: 'checkbox', checked: Boolean(met), disabled: Boolean(met) });
    box.addEventListener('change', () => step(null, null, () => ({ kind: 'condition', key, on: today() })));
    return el('li', { class: 'check-row check-row--compact' }, box,
      el('label', { for: box.id }, text, met ? ` (${t('spaces.metOn', { date: met[1] })})` : ''));
  }));
  const members = el('ul', { id: `${prefix}-members`, class: 'allowed-list' }, space.members.map((m) =>
    el('li', null, t('spaces.member', { name: m.name, group: m.class_code, by: t(`spaces.by.${m.consent_by}`), date: m.consent_on }))));
  const memberForm = space.status === 'acceptee' && space.access_level !== 'consultation_13' ? memberSection(prefix, students, step) : null;
  return el('article', { class: 'panel space-card', dataset: { spaceId: space.id, status: space.status, number: space.number || '' } },
    el('h3', { class: 'section-title' }, space.name, ' ', el('span', { class: 'space-status' }, t(`spaces.status.${space.status}`))),
    el('p', { class: 'section-intro' }, t(`spaces.platform.${space.platform}`), ' · ', t(`spaces.level.${space.access_level}`),
      space.number ? ` · ${t('spaces.number', { number: space.number })}` : ''),
    el('div', { class: 'actions' }, actions), message,
    el('h4', null, t('spaces.adminsTitle')), admins, el('div', { class: 'actions' }, field(t('spaces.adminName'), adminName), adminAdd),
    el('details', { class: 'space-conditions' },
      el('summary', null, t('spaces.conditionsTitle', { met: space.conditions.length, total: conditions.length })), checklist),
    el('h4', null, t('spaces.membersTitle', { count: space.members.length })), members, memberForm);
}

function memberSection(prefix, students, step) {
  const student = el('select', { id: `${prefix}-member-student`, class: 'input' },
    students.map((s) => el('option', { value: s.id }, `${s.last_name}, ${s.first_name} (${s.class_code})`)));
  const by = el('select', { id: `${prefix}-member-by`, class: 'input' },
    ['parent', 'eleve'].map((b) => el('option', { value: b }, t(`spaces.by.${b}`))));
  const on = el('input', { id: `${prefix}-member-on`, type: 'date', class: 'input' });
  on.value = today();
  const signer = el('input', { id: `${prefix}-member-signer`, class: 'input', autocomplete: 'off' });
  const add = el('button', { type: 'button', class: 'button button--primary', dataset: { action: 'member' } }, t('spaces.addMember'));
  const message = el('p', { id: `${prefix}-member-message`, class: 'message', role: 'alert', hidden: true });
  add.addEventListener('click', () => step(add, t('spaces.addMember'), () => ({
    kind: 'member', student_id: Number(student.value), consent_by: by.value, consent_on: on.value, signer: signer.value,
  }), message));
  return el('div', { class: ['form', 'project-form'] },
    el('p', { class: 'section-intro' }, t('spaces.memberRule')),
    field(t('spaces.field.student'), student), field(t('spaces.field.consentBy'), by),
    field(t('spaces.field.consentOn'), on), field(t('spaces.field.signer'), signer),
    message, el('div', { class: 'actions' }, add));
}
