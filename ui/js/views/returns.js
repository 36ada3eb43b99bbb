// Retours (#/retours): the returned Annexe A forms, one after the other, keyboard only. Type or scan the form
// number and press Entrée: the form's card shows the student, the class, the platform, the guardians on file
// and what was recorded so far. Press o / n / v for each question, Entrée again: the form is saved, the card
// clears and the number field is ready for the next one. A name search finds a form whose number is
// unreadable. The same card records a correction, a new signed form, a complete refusal or a withdrawal
// (Directive 5.7, 5.8), each with an optional scan chosen or dropped onto the card.
import * as api from '../api.js';
import { el, replaceContent, setBusy, clearBusy } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { today, field, markLoading, markReady } from './register-common.js';
import {
  SCAN_ACCEPT, answerPair, answersText, statusBadge, eventList, looksLikeScan, readUpload, uploadText, guardianName,
} from './consent-common.js';

// Keys that answer a question while its group has the focus: French and English initials both work.
const ANSWER_KEYS = { o: 'oui', y: 'oui', n: 'non', v: 'vide', b: 'vide' };
const REPLIES = ['oui', 'non', 'vide'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SEARCH_DELAY_MS = 150;
const RECENT_LIMIT = 8;

// What this window recorded since it opened: the counter and the last few forms survive a visit to another
// screen, and start again at the next launch.
const session = { count: 0, recent: [] };

export async function renderReturns(container) {
  const number = el('input', {
    id: 'return-number', class: 'input input--code', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('returns.numberPlaceholder'), 'aria-describedby': 'return-number-hint',
  });
  const search = el('input', { id: 'return-search', type: 'search', class: 'input', autocomplete: 'off', spellcheck: 'false',
    'aria-controls': 'return-hits', 'aria-describedby': 'return-search-hint' });
  const hits = el('ul', { id: 'return-hits', class: 'hit-list', hidden: true, 'aria-label': t('returns.hitsLabel') });
  // Not a live region: #return-result already announces each save.
  const counter = el('p', { id: 'return-count', class: 'session-count' });
  const result = el('p', { id: 'return-result', class: 'message', role: 'status', dataset: { kind: 'ok' }, hidden: true });
  const error = el('div', { id: 'return-error', class: 'message message--error return-error', role: 'alert', hidden: true });
  const cardSlot = el('div', { class: 'return-card-slot' });
  const recent = el('ol', { id: 'return-recent', class: 'recent-list' });
  const recentPanel = el('section', { class: 'panel recent-panel', 'aria-labelledby': 'return-recent-title' },
    el('h2', { id: 'return-recent-title', class: 'section-title' }, t('returns.recentTitle')),
    recent);

  const numberField = el('div', { class: 'field return-number-field' },
    el('label', { class: 'field-label', for: number.id }, t('returns.number')),
    number,
    el('p', { id: 'return-number-hint', class: 'field-hint' }, t('returns.numberHint')));
  const searchField = el('div', { class: 'field return-search-field' },
    el('label', { class: 'field-label', for: search.id }, t('returns.search')),
    search,
    el('p', { id: 'return-search-hint', class: 'field-hint' }, t('returns.searchHint')),
    hits);

  container.append(
    screenTitle(t('nav.retours')),
    el('p', { class: 'section-intro' }, t('returns.intro')),
    el('section', { class: 'panel return-lookup', 'aria-label': t('returns.lookupLabel') },
      el('div', { class: 'return-lookup-grid' }, numberField, searchField, counter)),
    result,
    error,
    cardSlot,
    recentPanel);

  // ---- messages ----

  const showError = (text, actions) => {
    replaceContent(error, text ? el('p', { class: 'return-error-text' }, text) : null,
      actions && actions.length ? el('div', { class: 'actions return-error-actions' }, actions) : null);
    error.hidden = !text;
  };

  const drawSession = () => {
    counter.dataset.count = String(session.count);
    replaceContent(counter,
      el('span', { class: 'session-count-number' }, String(session.count)),
      ' ',
      el('span', { class: 'session-count-label' }, t(session.count === 1 ? 'returns.count.one' : 'returns.count.other')));
    recentPanel.hidden = session.recent.length === 0;
    replaceContent(recent, session.recent.map((item) => {
      const open = el('button', { type: 'button', class: 'link-button mono' }, item.number);
      open.addEventListener('click', () => loadNumber(item.number));
      return el('li', { dataset: { number: item.number, kind: item.kind } },
        open, ' — ', item.student, ' — ', t(`returns.kind.${item.kind}`), ' — ', answersText(item.state));
    }));
  };

  // ---- the card of one form ----

  let card = null; // the open form's controls, or null
  let searchTimer = null;
  let searchRun = 0;
  let shownHits = []; // the search's current answers

  const closeCard = () => {
    if (card) card.dispose();
    card = null;
    cardSlot.replaceChildren();
  };

  const backToNumber = () => {
    number.value = '';
    number.focus();
  };

  const onSaved = (recorded, kind, student) => {
    session.count += 1;
    session.recent.unshift({ number: recorded.number, kind, student, state: recorded.state });
    session.recent.length = Math.min(session.recent.length, RECENT_LIMIT);
    drawSession();
    showError('');
    result.dataset.number = recorded.number;
    result.dataset.kind = 'ok';
    result.dataset.action = kind;
    result.textContent = t(`returns.saved.${kind}`, { number: recorded.number, student, answers: answersText(recorded.state) });
    result.hidden = false;
    // The form is done: a name searched for it would now show a stale state.
    search.value = '';
    shownHits = [];
    hits.hidden = true;
    hits.replaceChildren();
    closeCard();
    backToNumber();
  };

  const lookup = async (typed) => {
    const text = typed.trim();
    showError('');
    if (!text) {
      showError(t('returns.numberEmpty'));
      number.focus();
      return;
    }
    markLoading();
    try {
      const form = await api.returnLookup(text);
      closeCard();
      number.value = form.number;
      card = buildCard(form, { showError, onSaved, close: () => { closeCard(); backToNumber(); } });
      cardSlot.append(card.element);
      card.focusFirst();
    } catch (failure) {
      closeCard();
      showError(errorText(failure));
      number.focus();
      number.select();
    }
    markReady();
  };

  const loadNumber = (value) => {
    number.value = value;
    return lookup(value);
  };

  number.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      lookup(number.value);
    } else if (event.key === 'Escape') {
      number.value = '';
      closeCard();
      showError('');
    }
  });

  // ---- search by name ----

  const hitButtons = () => [...hits.querySelectorAll('button.hit-button')];

  const drawHits = (found, query) => {
    shownHits = found;
    hits.hidden = false;
    if (found.length === 0) {
      replaceContent(hits, el('li', { class: 'hit-empty' }, t('returns.noHit', { query })));
      return;
    }
    replaceContent(hits, found.map((hit) => {
      const button = el('button', { type: 'button', class: 'hit-button' },
        el('span', { class: 'hit-student' }, hit.student),
        el('span', { class: 'hit-meta' }, t('class.codeShort', { code: hit.class_code }), ' · ', hit.platform),
        el('span', { class: 'hit-number mono' }, hit.number),
        statusBadge(hit.state));
      return el('li', { class: 'hit', dataset: { number: hit.number } }, button);
    }));
  };

  const runSearch = async () => {
    clearTimeout(searchTimer);
    const query = search.value.trim();
    const run = ++searchRun;
    if (query.length < 2) {
      shownHits = [];
      hits.hidden = true;
      hits.replaceChildren();
      return;
    }
    markLoading();
    try {
      const found = await api.returnSearch(query);
      if (run === searchRun) drawHits(found, query);
    } catch (failure) {
      if (run === searchRun) showError(errorText(failure));
    }
    if (run === searchRun) markReady();
  };

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', async (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      await runSearch();
      // One form: open it. Several: go down into the list, where the arrows choose.
      if (shownHits.length === 1) loadNumber(shownHits[0].number);
      else if (hitButtons().length) hitButtons()[0].focus();
    } else if (event.key === 'ArrowDown' && hitButtons().length) {
      event.preventDefault();
      hitButtons()[0].focus();
    } else if (event.key === 'Escape') {
      search.value = '';
      runSearch();
    }
  });
  hits.addEventListener('click', (event) => {
    const item = event.target.closest('li[data-number]');
    if (item) loadNumber(item.dataset.number);
  });
  hits.addEventListener('keydown', (event) => {
    const buttons = hitButtons();
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    if (event.key === 'ArrowDown' && index < buttons.length - 1) {
      event.preventDefault();
      buttons[index + 1].focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (index > 0 ? buttons[index - 1] : search).focus();
    } else if (event.key === 'Escape') {
      search.focus();
    }
  });

  drawSession();
  number.focus();
}

// The card of one looked-up form: who and what it is, the entry form, and the history. `hooks.showError`
// writes in the screen's error box, `hooks.onSaved(recorded, kind, student)` moves on to the next form,
// `hooks.close()` goes back to the number without saving.
function buildCard(form, hooks) {
  const state = { mode: 'record', scan: null, busy: false, dropDepth: 0 };
  const titleId = 'return-card-title';
  const closed = form.year_closed;

  // Answers, keyboard first: native radios (arrows work), plus o / n / v while the group has the focus.
  const q1 = answerGroup('q1', t('returns.q1'), t('returns.q1Hint'));
  const q2 = answerGroup('q2', t('returns.q2'), t('returns.q2Hint'));
  q1.onAnswered = () => q2.focus();

  const received = el('input', { id: 'return-received', class: 'input input--short', value: today(), autocomplete: 'off',
    placeholder: t('field.form_deadline.placeholder'), inputmode: 'numeric' });
  const how = el('select', { id: 'return-how', class: 'input input--short' },
    ['papier', 'courriel'].map((value) => el('option', { value }, t(`returns.how.${value}`))));

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
  const reason = el('input', { id: 'return-reason', class: 'input', autocomplete: 'off' });
  const reasonField = field(t('returns.reason'), reason, t('returns.reasonHint'));
  reasonField.hidden = true;

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

  // The scan: the file picker, or a file dropped anywhere on the card.
  const scanInput = el('input', { id: 'return-scan', type: 'file', class: 'input', accept: SCAN_ACCEPT });
  const scanChosen = el('p', { id: 'return-scan-chosen', class: 'scan-chosen', hidden: true });
  const setScan = (upload) => {
    state.scan = upload;
    if (!upload) {
      scanChosen.hidden = true;
      scanChosen.replaceChildren();
      return;
    }
    const remove = el('button', { type: 'button', id: 'return-scan-clear', class: 'button button--small' }, t('returns.scanRemove'));
    remove.addEventListener('click', () => {
      scanInput.value = '';
      setScan(null);
      scanInput.focus();
    });
    replaceContent(scanChosen, el('span', null, t('returns.scanChosen', { file: uploadText(upload) })), ' ', remove);
    scanChosen.hidden = false;
  };
  const takeFile = async (file) => {
    if (!file) return;
    if (!looksLikeScan(file)) {
      hooks.showError(t('returns.scanWrongType', { name: file.name }));
      return;
    }
    try {
      setScan(await readUpload(file));
      hooks.showError('');
    } catch (failure) {
      hooks.showError(errorText(failure));
    }
  };
  scanInput.addEventListener('change', () => takeFile(scanInput.files && scanInput.files[0]));

  const save = el('button', { type: 'submit', id: 'return-save', class: 'button button--primary' },
    t('returns.save'), el('kbd', { class: 'key-hint' }, t('returns.key.enter')));
  const cancel = el('button', { type: 'button', id: 'return-cancel', class: 'button' },
    t('form.cancel'), el('kbd', { class: 'key-hint' }, t('returns.key.escape')));
  const withdrawOpen = el('button', { type: 'button', id: 'return-withdraw-open', class: 'button button--small', 'aria-expanded': 'false',
    'aria-controls': 'return-withdraw-form' }, t('returns.withdrawOpen'));
  const refuse = el('button', { type: 'button', id: 'return-refuse', class: 'button button--small' }, t('returns.refuse'));
  cancel.addEventListener('click', () => hooks.close());

  const entry = el('form', { id: 'return-form', class: 'form return-form', novalidate: true, 'aria-label': t('returns.entryLabel') },
    el('div', { class: 'answer-groups' }, q1.element, q2.element),
    el('div', { class: 'field-grid return-fields' },
      field(t('returns.received'), received, t('field.dateFormat')),
      field(t('returns.how'), how),
      field(t('returns.signer'), signer),
      signerNameField),
    dncField,
    reasonField,
    el('div', { class: 'actions' }, save, cancel),
    el('div', { class: 'actions return-other-actions', role: 'group', 'aria-label': t('returns.otherActions') }, withdrawOpen, refuse));

  // Withdrawal (5.8): a separate small form under the card's buttons.
  const withdraw = buildWithdrawForm();
  withdrawOpen.addEventListener('click', () => {
    withdraw.element.hidden = !withdraw.element.hidden;
    withdrawOpen.setAttribute('aria-expanded', String(!withdraw.element.hidden));
    if (!withdraw.element.hidden) withdraw.focus();
  });
  withdraw.onClose = () => {
    withdraw.element.hidden = true;
    withdrawOpen.setAttribute('aria-expanded', 'false');
    withdrawOpen.focus();
  };

  // ---- what is sent ----

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

  // The signer as the backend takes it; null (with the error shown) when something is missing.
  const collectSigner = () => {
    if (signer.value === 'student') return { kind: 'student' };
    if (signer.value === 'name') {
      const name = signerName.value.trim();
      if (!name) return problem(t('returns.signerNameRequired'), signerName);
      return { kind: 'name', value: name };
    }
    return { kind: 'guardian', value: Number(signer.value.slice(2)) };
  };

  const dncReasonValue = () => (!dncField.hidden && dncReason.value.trim() ? dncReason.value.trim() : undefined);

  const collectInput = () => {
    const answers = { q1: q1.value(), q2: q2.value() };
    if (!answers.q1) return problem(t('returns.chooseQ1'), q1);
    if (!answers.q2) return problem(t('returns.chooseQ2'), q2);
    const on = collectDate(received);
    if (on === null) return null;
    const who = collectSigner();
    if (!who) return null;
    return { ...answers, received_on: on, signer: who, how: how.value, do_not_contact_reason: dncReasonValue() };
  };

  const upload = () => (state.scan ? { name: state.scan.name, base64: state.scan.base64 } : null);

  // Sends one action; on success the screen moves on, on a known refusal the card offers the way forward.
  const send = async (action, kind, button) => {
    if (state.busy) return;
    state.busy = true;
    const label = [...button.childNodes];
    setBusy(button, t('form.saving'));
    markLoading();
    try {
      const recorded = await api.returnSave(form.number, action, upload());
      hooks.onSaved(recorded, kind, form.student);
    } catch (failure) {
      clearBusy(button, '');
      button.replaceChildren(...label);
      refused(failure);
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

  const recordAgain = (button) => {
    const input = collectInput();
    if (input) send({ kind: 'record', input, again: true }, 'again', button);
  };

  const startCorrection = () => {
    state.mode = 'correct';
    reasonField.hidden = false;
    save.replaceChildren(t('returns.saveCorrection'), el('kbd', { class: 'key-hint' }, t('returns.key.enter')));
    hooks.showError('');
    element.dataset.mode = 'correct';
    reason.focus();
  };

  // The backend's refusals that the card can help with; anything else is shown as it comes.
  const refused = (failure) => {
    const text = errorText(failure);
    switch (failure.code) {
      case api.ErrorCode.formAlreadyRecorded: {
        const correct = el('button', { type: 'button', id: 'return-correct', class: 'button button--primary button--small' }, t('returns.correct'));
        const again = el('button', { type: 'button', id: 'return-again', class: 'button button--small' }, t('returns.again'));
        correct.addEventListener('click', startCorrection);
        again.addEventListener('click', () => recordAgain(again));
        hooks.showError(text, [correct, again]);
        correct.focus();
        break;
      }
      case api.ErrorCode.doNotContactSigner:
        dncField.hidden = false;
        problem(text, dncReason);
        break;
      case api.ErrorCode.signerNeeded:
      case api.ErrorCode.studentTooYoung:
      case api.ErrorCode.studentAgeUnknown:
        problem(text, signer);
        break;
      case api.ErrorCode.yearClosed:
        hooks.showError(text);
        disableAll();
        break;
      default:
        hooks.showError(text);
    }
  };

  refuse.addEventListener('click', () => {
    const on = collectDate(received);
    if (on === null) return;
    const who = collectSigner();
    if (!who) return;
    send({ kind: 'refuse', input: { on, signer: who, how: how.value, do_not_contact_reason: dncReasonValue() } }, 'refuse', refuse);
  });
  withdraw.onSubmit = (input) => send({ kind: 'withdraw', input }, 'withdraw', withdraw.submitButton);
  withdraw.problem = problem;
  withdraw.collectDate = collectDate;

  entry.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  // Entrée saves from any field (radios and selects included); on a button it presses that button.
  entry.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing || event.defaultPrevented) return;
    const target = event.target;
    if (target.tagName === 'BUTTON' || target.type === 'file') return;
    event.preventDefault();
    submit();
  });

  // ---- the card ----

  const guardians = el('ul', { id: 'return-guardians', class: 'guardian-list' },
    form.guardians.length
      ? form.guardians.map((guardian) => el('li', { class: ['guardian', guardian.do_not_contact ? 'guardian--dnc' : ''], dataset: { guardianId: guardian.id, doNotContact: guardian.do_not_contact } },
        el('span', { class: 'guardian-name' }, guardianName(guardian)),
        guardian.relation ? el('span', { class: 'guardian-relation' }, ` (${guardian.relation})`) : null,
        guardian.email ? el('span', { class: 'guardian-email' }, guardian.email) : null,
        guardian.do_not_contact ? el('span', { class: 'badge badge--dnc' }, t('students.doNotContact')) : null))
      : el('li', { class: 'empty-text' }, t('students.noGuardian')));

  const element = el('section', { id: 'return-card', class: ['panel', 'return-card'], 'aria-labelledby': titleId,
    dataset: { number: form.number, studentId: form.student_id, closed: closed ? 'true' : 'false', mode: 'record' } },
    el('header', { class: 'return-card-head' },
      el('div', null,
        el('h2', { id: titleId, class: 'return-card-title', tabindex: '-1' }, form.student),
        el('p', { class: 'return-card-meta' },
          el('span', null, t('class.codeShort', { code: form.class_code })),
          el('span', null, form.platform),
          el('span', null, t('header.schoolYear', { year: form.year })),
          el('span', { class: 'mono' }, t('returns.formNumber', { number: form.number })))),
      el('div', { id: 'return-state', class: 'return-state' }, statusBadge(form.state), answerPair(form.state))),
    closed ? el('p', { id: 'return-closed', class: 'callout callout--warning' }, t('returns.closed', { year: form.year })) : null,
    el('div', { class: 'return-card-grid' },
      closed ? null : el('div', { class: 'return-entry' }, entry, withdraw.element),
      el('div', { class: 'return-aside' },
        closed ? null : el('div', { class: 'field scan-field scan-drop' },
          el('label', { class: 'field-label', for: scanInput.id }, t('returns.scan')),
          el('p', { class: 'field-hint' }, t('returns.scanHint')),
          scanInput,
          scanChosen),
        el('h3', { class: 'return-aside-title' }, t('returns.guardians')),
        guardians,
        el('h3', { class: 'return-aside-title' }, t('returns.history')),
        el('div', { id: 'return-history' }, eventList(form.events)))));
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      hooks.close();
    }
  });

  const disableAll = () => {
    for (const control of element.querySelectorAll('.return-entry input, .return-entry select, .return-entry button')) control.disabled = true;
  };

  // Drag and drop of a scan onto the card (HTML5; the bytes are read here and sent with the save).
  const dropping = (on) => element.classList.toggle('is-dropping', on);
  const carriesFiles = (event) => Boolean(event.dataTransfer) && [...event.dataTransfer.types].includes('Files');
  element.addEventListener('dragenter', (event) => {
    if (closed || !carriesFiles(event)) return;
    event.preventDefault();
    state.dropDepth += 1;
    dropping(true);
  });
  element.addEventListener('dragover', (event) => {
    if (closed || !carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  element.addEventListener('dragleave', () => {
    state.dropDepth = Math.max(0, state.dropDepth - 1);
    if (state.dropDepth === 0) dropping(false);
  });
  element.addEventListener('drop', (event) => {
    state.dropDepth = 0;
    dropping(false);
    if (closed || !carriesFiles(event)) return;
    event.preventDefault();
    scanInput.value = '';
    takeFile(event.dataTransfer.files[0]);
  });
  // A drop the system kept for itself never reaches the page: do not leave the card highlighted.
  const forgetDrop = () => {
    state.dropDepth = 0;
    dropping(false);
  };
  window.addEventListener('blur', forgetDrop);

  return {
    element,
    focusFirst() {
      if (closed) element.querySelector(`#${titleId}`).focus();
      else q1.focus();
    },
    dispose() {
      window.removeEventListener('blur', forgetDrop);
    },
  };
}

// One question's radio group: « Oui (o) », « Non (n) », « Laissée en blanc (v) ». `onAnswered` runs after a
// letter key chose an answer (question 1 then moves on to question 2).
function answerGroup(question, legend, hint) {
  const id = `return-${question}`;
  const legendId = `${id}-legend`;
  const radios = REPLIES.map((reply) => el('input', { type: 'radio', id: `${id}-${reply}`, name: id, value: reply, class: 'answer-radio' }));
  const element = el('fieldset', { id, class: 'answer-group', 'aria-labelledby': legendId, 'aria-describedby': `${id}-hint`, dataset: { question } },
    el('legend', { id: legendId, class: 'answer-legend' }, legend),
    el('p', { id: `${id}-hint`, class: 'field-hint' }, hint),
    el('div', { class: 'answer-options' }, radios.map((radio, index) => el('label', { class: ['answer-option', `answer-option--${REPLIES[index]}`], for: radio.id },
      radio,
      el('span', { class: 'answer-label' }, t(`returns.reply.${REPLIES[index]}`)),
      el('kbd', { class: 'key-hint' }, t(`returns.replyKey.${REPLIES[index]}`))))));
  const group = {
    element,
    onAnswered: null,
    value() {
      const chosen = radios.find((radio) => radio.checked);
      return chosen ? chosen.value : '';
    },
    focus() {
      (radios.find((radio) => radio.checked) || radios[0]).focus();
    },
  };
  element.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.key.length !== 1) return;
    const reply = ANSWER_KEYS[event.key.toLowerCase()];
    if (!reply) return;
    event.preventDefault();
    const radio = radios[REPLIES.indexOf(reply)];
    radio.checked = true;
    radio.focus();
    radio.dispatchEvent(new Event('change', { bubbles: true }));
    if (group.onAnswered) group.onAnswered(reply);
  });
  return group;
}

function guardianOption(guardian) {
  const parts = [guardianName(guardian)];
  if (guardian.relation) parts.push(`(${guardian.relation})`);
  if (guardian.do_not_contact) parts.push(`— ${t('students.doNotContact')}`);
  return parts.join(' ');
}

// Withdrawal of a consent (5.8): which question, the day it was reported, by whom, how. The card wires
// `onSubmit(input)`, `onClose()` (Échap), `problem(text, control)` and `collectDate(input)`.
function buildWithdrawForm() {
  const question = el('select', { id: 'return-withdraw-question', class: 'input' },
    ['les_deux', '1', '2'].map((value) => el('option', { value }, t(`returns.withdraw.question.${value}`))));
  const on = el('input', { id: 'return-withdraw-on', class: 'input input--short', value: today(), autocomplete: 'off',
    placeholder: t('field.form_deadline.placeholder') });
  const by = el('input', { id: 'return-withdraw-by', class: 'input', autocomplete: 'off' });
  const how = el('select', { id: 'return-withdraw-how', class: 'input' },
    ['verbal', 'papier', 'courriel'].map((value) => el('option', { value }, t(`returns.how.${value}`))));
  const submitButton = el('button', { type: 'submit', id: 'return-withdraw-save', class: 'button button--primary button--small' }, t('returns.withdraw.save'));
  const form = el('form', { id: 'return-withdraw-form', class: 'form subform', hidden: true, novalidate: true, 'aria-labelledby': 'return-withdraw-title' },
    el('h3', { id: 'return-withdraw-title' }, t('returns.withdraw.title')),
    el('p', { class: 'use-action-rule' }, t('returns.withdraw.rule')),
    el('div', { class: 'field-grid' },
      field(t('returns.withdraw.question'), question),
      field(t('returns.withdraw.on'), on, t('field.dateFormat')),
      field(t('returns.withdraw.by'), by, t('returns.withdraw.byHint')),
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
    const who = by.value.trim();
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
