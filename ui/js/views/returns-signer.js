// Who signed a returned form, on the Retours card: a guardian on file, the student when old enough to sign,
// or a name typed in; and the reason asked before a « ne pas contacter » guardian is recorded as the signer.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { field } from './register-common.js';
import { guardianName } from './consent-common.js';

// The signer's controls for `form`, the first guardian who may be contacted chosen. `collect(problem)` gives
// the signer as the backend takes it; `dncReasonValue()` the override's reason, when it is shown and typed.
export function buildSignerFields(form) {
  const contactable = form.guardians.filter((guardian) => !guardian.do_not_contact);
  const signer = el('select', { id: 'return-signer', class: 'input' },
    form.guardians.map((guardian) => el('option', { value: `g:${guardian.id}`, dataset: { doNotContact: guardian.do_not_contact } },
      guardianOption(guardian))),
    form.student_may_sign ? el('option', { value: 'student' }, t('returns.signer.student')) : null,
    el('option', { value: 'name' }, t('returns.signer.other')));
  signer.value = contactable.length ? `g:${contactable[0].id}` : 'name';
  const signerName = el('input', { id: 'return-signer-name', class: 'input', autocomplete: 'off' });
  const signerNameField = field(t('returns.signerName'), signerName, t('returns.signerNameHint'));
  const dncReason = el('input', { id: 'return-dnc-reason', class: 'input', autocomplete: 'off' });
  const dncField = field(t('returns.dncReason'), dncReason, t('returns.dncReasonHint'));

  const signerIsDnc = () => {
    const option = signer.selectedOptions[0];
    return Boolean(option && option.dataset.doNotContact === 'true');
  };
  const syncSigner = () => {
    signerNameField.hidden = signer.value !== 'name';
    // Showing the reason as soon as a « ne pas contacter » parent is chosen saves a round trip.
    if (signerIsDnc()) dncField.hidden = false;
  };
  dncField.hidden = true;
  syncSigner();
  signer.addEventListener('change', syncSigner);

  return {
    signer,
    signerNameField,
    dncReason,
    dncField,
    // The signer as the backend takes it; null (with the error shown by `problem(text, control)`) when
    // something is missing.
    collect(problem) {
      if (signer.value === 'student') return { kind: 'student' };
      if (signer.value === 'name') {
        const name = signerName.value.trim();
        if (!name) return problem(t('returns.signerNameRequired'), signerName);
        return { kind: 'name', value: name };
      }
      return { kind: 'guardian', value: Number(signer.value.slice(2)) };
    },
    dncReasonValue: () => (!dncField.hidden && dncReason.value.trim() ? dncReason.value.trim() : undefined),
  };
}

function guardianOption(guardian) {
  const parts = [guardianName(guardian)];
  if (guardian.relation) parts.push(`(${guardian.relation})`);
  if (guardian.do_not_contact) parts.push(`— ${t('students.doNotContact')}`);
  return parts.join(' ');
}
