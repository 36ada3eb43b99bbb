// The Retours card of one looked-up form: who and what it is, the entry that records the form (answers, date,
// how it came back, signer, reason of a correction), the scan, the other actions, the guardians and the
// form's history.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { today, field } from './register-common.js';
import { answerPair, statusBadge, eventList, guardianName } from './consent-common.js';
import { answerGroup } from './returns-answers.js';
import { buildSignerFields } from './returns-signer.js';
import { buildScanField, acceptDroppedScans } from './returns-scan.js';
import { buildWithdrawForm, withdrawOpenButton } from './returns-withdraw.js';
import { entryReader, wireSaving } from './returns-save.js';
import { buildStateHelp } from './returns-link.js';

const TITLE_ID = 'return-card-title';

// The card of one looked-up form: who and what it is, the entry form, and the history. `hooks.showError`
// writes in the screen's error box, `hooks.onSaved(recorded, kind, student)` moves on to the next form,
// `hooks.close()` goes back to the number without saving.
export function buildCard(form, hooks) {
  const closed = form.year_closed;
  const controls = buildEntry(form, hooks);
  const element = cardElement(form, controls, closed, buildStateHelp(form, hooks, closed));
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      hooks.close();
    }
  });

  const card = { ...controls, form, hooks, closed, element, state: { mode: 'record', busy: false } };
  wireSaving(card, entryReader(card));
  const stopDrops = acceptDroppedScans(element, controls.scan, closed);

  return {
    element,
    focusFirst() {
      if (closed) element.querySelector(`#${TITLE_ID}`).focus();
      else controls.q1.focus();
    },
    dispose() {
      stopDrops();
    },
  };
}

// The entry's controls, the scan and the withdrawal form, not wired to the backend yet.
function buildEntry(form, hooks) {
  // Answers, keyboard first: native radios (arrows work), plus o / n / v while the group has the focus.
  const q1 = answerGroup('q1', t('returns.q1'), t('returns.q1Hint'));
  const q2 = answerGroup('q2', t('returns.q2'), t('returns.q2Hint'));
  q1.onAnswered = () => q2.focus();

  const received = el('input', { id: 'return-received', class: 'input input--short', value: today(), autocomplete: 'off',
    placeholder: t('field.form_deadline.placeholder'), inputmode: 'numeric' });
  const how = el('select', { id: 'return-how', class: 'input input--short' },
    ['papier', 'courriel'].map((value) => el('option', { value }, t(`returns.how.${value}`))));
  const signer = buildSignerFields(form);
  const reason = el('input', { id: 'return-reason', class: 'input', autocomplete: 'off' });
  const reasonField = field(t('returns.reason'), reason, t('returns.reasonHint'));
  reasonField.hidden = true;

  // The scan: the file picker, or a file dropped anywhere on the card.
  const scan = buildScanField(hooks.showError);

  const save = el('button', { type: 'submit', id: 'return-save', class: 'button button--primary' },
    t('returns.save'), el('kbd', { class: 'key-hint' }, t('returns.key.enter')));
  const cancel = el('button', { type: 'button', id: 'return-cancel', class: 'button' },
    t('form.cancel'), el('kbd', { class: 'key-hint' }, t('returns.key.escape')));
  // Withdrawal (5.8): a separate small form under the card's buttons.
  const withdraw = buildWithdrawForm(form);
  const refuse = el('button', { type: 'button', id: 'return-refuse', class: 'button button--small' }, t('returns.refuse'));
  cancel.addEventListener('click', () => hooks.close());

  const entryForm = el('form', { id: 'return-form', class: 'form return-form', novalidate: true, 'aria-label': t('returns.entryLabel') },
    el('div', { class: 'answer-groups' }, q1.element, q2.element),
    el('div', { class: 'field-grid return-fields' },
      field(t('returns.received'), received, t('field.dateFormat')),
      field(t('returns.how'), how),
      field(t('returns.signer'), signer.signer),
      signer.signerNameField),
    signer.dncField,
    reasonField,
    el('div', { class: 'actions' }, save, cancel),
    el('div', { class: 'actions return-other-actions', role: 'group', 'aria-label': t('returns.otherActions') },
      withdrawOpenButton(withdraw), refuse));

  return { q1, q2, received, how, signer, reason, reasonField, scan, save, refuse, entryForm, withdraw };
}

// The card itself: the student, class, platform, year and number, the state in force and what it needs from a
// person (contradictory answers, a signer not on file), then the entry (none on a closed year's form) beside the scan, the guardians on file and the history.
function cardElement(form, controls, closed, stateHelp) {
  return el('section', { id: 'return-card', class: ['panel', 'return-card'], 'aria-labelledby': TITLE_ID,
    dataset: { number: form.number, studentId: form.student_id, closed: closed ? 'true' : 'false', mode: 'record' } },
    el('header', { class: 'return-card-head' },
      el('div', null,
        el('h2', { id: TITLE_ID, class: 'return-card-title', tabindex: '-1' }, form.student),
        el('p', { class: 'return-card-meta' },
          el('span', null, t('class.codeShort', { code: form.class_code })),
          el('span', null, form.platform),
          el('span', null, t('header.schoolYear', { year: form.year })),
          el('span', { class: 'mono' }, t('returns.formNumber', { number: form.number })))),
      el('div', { id: 'return-state', class: 'return-state' }, statusBadge(form.state), answerPair(form.state))),
    closed ? el('p', { id: 'return-closed', class: 'callout callout--warning' }, t('returns.closed', { year: form.year })) : null,
    stateHelp,
    el('div', { class: 'return-card-grid' },
      closed ? null : el('div', { class: 'return-entry' }, controls.entryForm, controls.withdraw.element),
      el('div', { class: 'return-aside' },
        closed ? null : controls.scan.element,
        el('h3', { class: 'return-aside-title' }, t('returns.guardians')),
        guardianList(form.guardians),
        el('h3', { class: 'return-aside-title' }, t('returns.history')),
        el('div', { id: 'return-history' }, eventList(form.events)))));
}

// The guardians on file, a « ne pas contacter » one marked so.
function guardianList(guardians) {
  return el('ul', { id: 'return-guardians', class: 'guardian-list' },
    guardians.length
      ? guardians.map((guardian) => el('li', { class: ['guardian', guardian.do_not_contact ? 'guardian--dnc' : ''], dataset: { guardianId: guardian.id, doNotContact: guardian.do_not_contact } },
        el('span', { class: 'guardian-name' }, guardianName(guardian)),
        guardian.relation ? el('span', { class: 'guardian-relation' }, ` (${guardian.relation})`) : null,
        guardian.email ? el('span', { class: 'guardian-email' }, guardian.email) : null,
        guardian.do_not_contact ? el('span', { class: 'badge badge--dnc' }, t('students.doNotContact')) : null))
      : el('li', { class: 'empty-text' }, t('students.noGuardian')));
}
