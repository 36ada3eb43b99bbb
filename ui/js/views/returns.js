// Retours (#/retours): the returned Annexe A forms, one after the other, keyboard only. Type or scan the form
// number and press Entrée: the form's card shows the student, the class, the platform, the guardians on file
// and what was recorded so far. Press o / n / v for each question, Entrée again: the form is saved, the card
// clears and the number field is ready for the next one. A name search finds a form whose number is
// unreadable. The same card records a correction, a new signed form, a complete refusal or a withdrawal
// (Directive 5.7, 5.8), each with an optional scan chosen or dropped onto the card.
import * as api from '../api.js';
import { el, replaceContent } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { markLoading, markReady } from './register-common.js';
import { answersText } from './consent-common.js';
import { buildCard } from './returns-card.js';
import { buildNameSearch } from './returns-search.js';
import { buildSessionTally } from './returns-session.js';
import { renderStack } from './returns-stack.js';
import { openProjectForm } from './projects.js';

export async function renderReturns(container, context = {}) {
  // #/retours/pile: a scanned stack of returned forms (issue 16).
  if (context.param === 'pile') return renderStack(container);
  const number = el('input', {
    id: 'return-number', class: 'input input--code', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('returns.numberPlaceholder'), 'aria-describedby': 'return-number-hint',
  });
  const result = el('p', { id: 'return-result', class: 'message', role: 'status', dataset: { kind: 'ok' }, hidden: true });
  const error = el('div', { id: 'return-error', class: 'message message--error return-error', role: 'alert', hidden: true });
  const cardSlot = el('div', { class: 'return-card-slot' });
  const showError = errorBox(error);

  const card = cardHolder(cardSlot);
  const closeCard = card.close;
  const backToNumber = () => {
    number.value = '';
    number.focus();
  };
  const loadNumber = (value) => {
    number.value = value;
    return lookup(value);
  };
  const tally = buildSessionTally(loadNumber);
  const search = buildNameSearch({ showError, openNumber: loadNumber });

  container.append(
    screenTitle(t('nav.retours')),
    el('p', { class: 'section-intro' }, t('returns.intro')),
    el('p', { class: 'return-stack-link' },
      el('a', { id: 'return-stack-open', href: '#/retours/pile', class: 'button' }, t('stack.open')),
      ' ', el('span', { class: 'field-hint' }, t('stack.openHint'))),
    el('section', { class: 'panel return-lookup', 'aria-label': t('returns.lookupLabel') },
      el('div', { class: 'return-lookup-grid' }, numberField(number), search.element, tally.counter)),
    result,
    error,
    cardSlot,
    tally.recentPanel);

  const onSaved = (recorded, kind, student) => {
    tally.add(recorded, kind, student);
    showError('');
    showSaved(result, recorded, kind, student);
    // The form is done: a name searched for it would now show a stale state.
    search.clear();
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
      card.open(form, { showError, onSaved, close: () => { closeCard(); backToNumber(); } });
    } catch (failure) {
      closeCard();
      // A project's form (annexes 3 to 6): a button to its project's page, the number typed in.
      const project = failure.code === 'other_template' ? await projectButton(text) : null;
      showError(errorText(failure), project ? [project] : []);
      number.focus();
      number.select();
    }
    markReady();
  };

  numberKeys(number, { lookup, closeCard, showError });
  tally.draw();
  number.focus();
}

// The slot of the looked-up form's card: one card at a time, disposed of when it goes.
function cardHolder(cardSlot) {
  let card = null; // the open form's controls, or null
  return {
    open(form, hooks) {
      card = buildCard(form, hooks);
      cardSlot.append(card.element);
      card.focusFirst();
    },
    close() {
      if (card) card.dispose();
      card = null;
      cardSlot.replaceChildren();
    },
  };
}

// The form number's field, with its label and hint.
function numberField(number) {
  return el('div', { class: 'field return-number-field' },
    el('label', { class: 'field-label', for: number.id }, t('returns.number')),
    number,
    el('p', { id: 'return-number-hint', class: 'field-hint' }, t('returns.numberHint')));
}

// In the number field, Entrée looks the form up; Échap empties the field and closes the card.
function numberKeys(number, { lookup, closeCard, showError }) {
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
}

// Writes in the screen's error box: `showError(text, actions)` shows the text with optional buttons under
// it, `showError('')` hides the box.
function errorBox(error) {
  return (text, actions) => {
    replaceContent(error, text ? el('p', { class: 'return-error-text' }, text) : null,
      actions && actions.length ? el('div', { class: 'actions return-error-actions' }, actions) : null);
    error.hidden = !text;
  };
}

// Announces a save in #return-result: which form, whose, what it now says.
function showSaved(result, recorded, kind, student) {
  result.dataset.number = recorded.number;
  result.dataset.kind = 'ok';
  result.dataset.action = kind;
  result.textContent = t(`returns.saved.${kind}`, { number: recorded.number, student, answers: answersText(recorded.state) });
  result.hidden = false;
}

// The button to a project form's project, under the refusal of its number on Retours; null when the number
// is not a project's (a space request: the message says where it goes).
async function projectButton(typed) {
  let projectId;
  try {
    projectId = await api.projectFormLocate(typed);
  } catch {
    return null;
  }
  const button = el('button', { type: 'button', id: 'return-open-project', class: 'button button--small' }, t('returns.openProject'));
  button.addEventListener('click', () => openProjectForm(projectId, typed));
  return button;
}
