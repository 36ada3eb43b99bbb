// What the Retours card sends: the entry read back and checked, one action at a time sent to the backend
// (record, correct, record again, refuse, withdraw), and the backend's refusals the card can help with.
import * as api from '../api.js';
import { el, setBusy, clearBusy } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { markLoading, markReady } from './register-common.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Reads the card's entry back as the backend takes it. Each reader returns null after `problem(text, control)`
// showed what is wrong and put the focus on the control at fault.
export function entryReader({ hooks, q1, q2, received, how, signer }) {
  const problem = (text, control) => {
    hooks.showError(text);
    if (control) control.focus();
    return null;
  };

  const collectDate = (input) => {
    const value = input.value.trim();
    if (value && !DATE.test(value)) return problem(t('returns.dateInvalid', { value }), input);
    return value || undefined;
  };

  const collectSigner = () => signer.collect(problem);

  const collectInput = () => {
    const answers = { q1: q1.value(), q2: q2.value() };
    if (!answers.q1) return problem(t('returns.chooseQ1'), q1);
    if (!answers.q2) return problem(t('returns.chooseQ2'), q2);
    const on = collectDate(received);
    if (on === null) return null;
    const who = collectSigner();
    if (!who) return null;
    return { ...answers, received_on: on, signer: who, how: how.value, do_not_contact_reason: signer.dncReasonValue() };
  };

  return { problem, collectDate, collectSigner, collectInput };
}

// Wires the card's save, its other actions and Entrée to the backend. `card` holds the form, the screen's
// hooks, the card's state ({mode, busy}), its element and controls; `reader` comes from entryReader.
export function wireSaving(card, reader) {
  const { form, hooks, state, closed, element, save, reason, reasonField } = card;
  const { problem, collectDate, collectSigner, collectInput } = reader;

  // Sends one action; on success the screen moves on, on a known refusal the card offers the way forward.
  const send = async (action, kind, button) => {
    if (state.busy) return;
    state.busy = true;
    const label = [...button.childNodes];
    setBusy(button, t('form.saving'));
    markLoading();
    try {
      const recorded = await api.returnSave(form.number, action, card.scan.upload());
      hooks.onSaved(recorded, kind, form.student);
    } catch (failure) {
      clearBusy(button, '');
      button.replaceChildren(...label);
      refused(failure, card, problem, ways);
    }
    state.busy = false;
    markReady();
  };

  const submit = () => {
    if (closed) return;
    const input = collectInput();
    if (!input) return;
    if (state.mode === 'correct') {
      const why = reason.value.trim();
      if (!why) {
        problem(t('returns.reasonRequired'), reason);
        return;
      }
      send({ kind: 'correct', input, reason: why }, 'correct', save);
    } else {
      send({ kind: 'record', input, again: false }, 'record', save);
    }
  };

  const ways = {
    recordAgain(button) {
      const input = collectInput();
      if (input) send({ kind: 'record', input, again: true }, 'again', button);
    },
    startCorrection() {
      state.mode = 'correct';
      reasonField.hidden = false;
      save.replaceChildren(t('returns.saveCorrection'), el('kbd', { class: 'key-hint' }, t('returns.key.enter')));
      hooks.showError('');
      element.dataset.mode = 'correct';
      reason.focus();
    },
  };

  card.refuse.addEventListener('click', () => {
    const on = collectDate(card.received);
    if (on === null) return;
    const who = collectSigner();
    if (!who) return;
    send({ kind: 'refuse', input: { on, signer: who, how: card.how.value, do_not_contact_reason: card.signer.dncReasonValue() } }, 'refuse', card.refuse);
  });
  card.withdraw.onSubmit = (input) => send({ kind: 'withdraw', input }, 'withdraw', card.withdraw.submitButton);
  card.withdraw.problem = problem;
  card.withdraw.collectDate = collectDate;

  saveOnEnter(card.entryForm, submit);
}

// The entry form's submit, and Entrée from any field (radios and selects included); on a button Entrée
// presses that button.
function saveOnEnter(entry, submit) {
  entry.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  entry.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing || event.defaultPrevented) return;
    const target = event.target;
    if (target.tagName === 'BUTTON' || target.type === 'file') return;
    event.preventDefault();
    submit();
  });
}

// The backend's refusals that the card can help with; anything else is shown as it comes. `ways` holds
// `startCorrection()` and `recordAgain(button)`, offered when the form was already recorded.
function refused(failure, card, problem, ways) {
  const { hooks } = card;
  const text = errorText(failure);
  switch (failure.code) {
    case api.ErrorCode.formAlreadyRecorded: {
      const correct = el('button', { type: 'button', id: 'return-correct', class: 'button button--primary button--small' }, t('returns.correct'));
      const again = el('button', { type: 'button', id: 'return-again', class: 'button button--small' }, t('returns.again'));
      correct.addEventListener('click', ways.startCorrection);
      again.addEventListener('click', () => ways.recordAgain(again));
      hooks.showError(text, [correct, again]);
      correct.focus();
      break;
    }
    case api.ErrorCode.doNotContactSigner:
      card.signer.dncField.hidden = false;
      problem(text, card.signer.dncReason);
      break;
    case api.ErrorCode.signerNeeded:
    case api.ErrorCode.studentTooYoung:
    case api.ErrorCode.studentAgeUnknown:
      problem(text, card.signer.signer);
      break;
    case api.ErrorCode.yearClosed:
      hooks.showError(text);
      disableEntry(card.element);
      break;
    default:
      hooks.showError(text);
  }
}

function disableEntry(element) {
  for (const control of element.querySelectorAll('.return-entry input, .return-entry select, .return-entry button')) control.disabled = true;
}
