// What the Retours card says when the answers in force need a person (Directive 5.5.3, 5.7): contradictory
// answers of two guardians, with the way out; a signature by a person not on file, with the form that links
// it to a guardian on file or records that the person holds parental authority (with the reason).
import * as api from '../api.js';
import { el } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { field } from './register-common.js';
import { guardianName } from './consent-common.js';

// The callouts for `form`'s state, or null when it needs nothing. `hooks.onSaved(recorded, kind, student)`
// moves on once a signature is linked.
export function buildStateHelp(form, hooks, closed) {
  const state = form.state;
  if (state.contradictory) {
    return el('div', { id: 'return-contradictory', class: 'callout callout--warning', role: 'note' },
      el('p', { class: 'callout-title' }, t('returns.contradictory.title')),
      el('p', null, t('returns.contradictory.rule')),
      el('p', null, t('returns.contradictory.way')));
  }
  if (!state.unknown_signer) return null;
  const help = el('div', { id: 'return-unknown-signer', class: 'callout callout--warning', role: 'note' },
    el('p', { class: 'callout-title' }, t('returns.unknownSigner.title')),
    el('p', null, t('returns.unknownSigner.rule')));
  if (!closed) help.append(linkForm(form, hooks));
  return help;
}

// « Rattacher la signature » : to a guardian on file, or to a person holding parental authority.
function linkForm(form, hooks) {
  const to = el('select', { id: 'return-link-to', class: 'input' },
    form.guardians.map((guardian) => el('option', { value: `g:${guardian.id}` }, guardianName(guardian))),
    el('option', { value: 'authority' }, t('returns.link.authority')));
  const reason = el('input', { id: 'return-link-reason', class: 'input', autocomplete: 'off' });
  const reasonField = field(t('returns.link.reason'), reason, t('returns.link.reasonHint'));
  const status = el('p', { id: 'return-link-status', class: 'message message--error', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', id: 'return-link-save', class: 'button button--small' }, t('returns.link.save'));
  const sync = () => { reasonField.hidden = to.value !== 'authority'; };
  if (!form.guardians.length) to.value = 'authority';
  sync();
  to.addEventListener('change', sync);
  reason.addEventListener('input', () => { status.hidden = true; });
  const linkForm = el('form', { id: 'return-link-form', class: 'form subform', novalidate: true },
    el('div', { class: 'field-grid' }, field(t('returns.link.to'), to), reasonField),
    status,
    el('div', { class: 'actions' }, submit));
  linkForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.hidden = true;
    let target;
    if (to.value === 'authority') {
      const why = reason.value.trim();
      if (!why) {
        status.textContent = t('returns.link.reasonRequired');
        status.hidden = false;
        reason.focus();
        return;
      }
      target = { kind: 'authority', value: why };
    } else {
      target = { kind: 'guardian', value: Number(to.value.slice(2)) };
    }
    submit.disabled = true;
    try {
      const recorded = await api.returnSave(form.number, { kind: 'link_signer', to: target }, null);
      hooks.onSaved(recorded, 'link_signer', form.student);
    } catch (failure) {
      status.textContent = errorText(failure);
      status.hidden = false;
      submit.disabled = false;
    }
  });
  return linkForm;
}
