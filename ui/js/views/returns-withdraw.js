// The withdrawal of a consent on the Retours card (Directive 5.8): a small form under the card's buttons,
// opened by its own button, saying which question, the day it was reported, by whom and how.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { today, field } from './register-common.js';
import { guardianName } from './consent-common.js';

// Withdrawal of a consent (5.8): which question, the day it was reported, by whom, how. The card wires
// `onSubmit(input)`, `onClose()` (Échap), `problem(text, control)` and `collectDate(input)`. Who reported it
// is chosen among the looked-up form's guardians on file when it is one of them: the backend then knows whose « non » it
// is, and that person's new signed form settles it (5.7, 5.8).
export function buildWithdrawForm(looked) {
  const question = el('select', { id: 'return-withdraw-question', class: 'input' },
    ['les_deux', '1', '2'].map((value) => el('option', { value }, t(`returns.withdraw.question.${value}`))));
  const on = el('input', { id: 'return-withdraw-on', class: 'input input--short', value: today(), autocomplete: 'off',
    placeholder: t('field.form_deadline.placeholder') });
  const guardians = (looked && looked.guardians) || [];
  const byWho = el('select', { id: 'return-withdraw-who', class: 'input' },
    guardians.map((guardian) => el('option', { value: guardianName(guardian) }, guardianName(guardian))),
    el('option', { value: '' }, t('returns.withdraw.byOther')));
  const by = el('input', { id: 'return-withdraw-by', class: 'input', autocomplete: 'off' });
  const byField = field(t('returns.withdraw.byName'), by, t('returns.withdraw.byHint'));
  const syncBy = () => { byField.hidden = byWho.value !== ''; };
  syncBy();
  byWho.addEventListener('change', syncBy);
  const how = el('select', { id: 'return-withdraw-how', class: 'input' },
    ['verbal', 'papier', 'courriel'].map((value) => el('option', { value }, t(`returns.how.${value}`))));
  const submitButton = el('button', { type: 'submit', id: 'return-withdraw-save', class: 'button button--primary button--small' }, t('returns.withdraw.save'));
  const form = el('form', { id: 'return-withdraw-form', class: 'form subform', hidden: true, novalidate: true, 'aria-labelledby': 'return-withdraw-title' },
    el('h3', { id: 'return-withdraw-title' }, t('returns.withdraw.title')),
    el('p', { class: 'use-action-rule' }, t('returns.withdraw.rule')),
    el('div', { class: 'field-grid' },
      field(t('returns.withdraw.question'), question),
      field(t('returns.withdraw.on'), on, t('field.dateFormat')),
      field(t('returns.withdraw.by'), byWho),
      byField,
      field(t('returns.how'), how)),
    el('div', { class: 'actions' }, submitButton));
  const controls = {
    element: form,
    submitButton,
    onSubmit: null,
    onClose: null,
    problem: null,
    collectDate: null,
    focus() {
      question.focus();
    },
  };
  const submit = () => {
    const day = controls.collectDate(on);
    if (day === null) return;
    const who = byWho.value || by.value.trim();
    if (!who) {
      controls.problem(t('returns.withdraw.byRequired'), by);
      return;
    }
    controls.onSubmit({ question: question.value, on: day, by: who, how: how.value });
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && controls.onClose) {
      event.preventDefault();
      event.stopPropagation();
      controls.onClose();
      return;
    }
    if (event.key !== 'Enter' || event.isComposing || event.target.tagName === 'BUTTON') return;
    event.preventDefault();
    event.stopPropagation();
    submit();
  });
  return controls;
}

// The button that opens and closes `withdraw`; Échap in the form closes it and gives the focus back here.
export function withdrawOpenButton(withdraw) {
  const button = el('button', { type: 'button', id: 'return-withdraw-open', class: 'button button--small', 'aria-expanded': 'false',
    'aria-controls': 'return-withdraw-form' }, t('returns.withdrawOpen'));
  button.addEventListener('click', () => {
    withdraw.element.hidden = !withdraw.element.hidden;
    button.setAttribute('aria-expanded', String(!withdraw.element.hidden));
    if (!withdraw.element.hidden) withdraw.focus();
  });
  withdraw.onClose = () => {
    withdraw.element.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  return button;
}
