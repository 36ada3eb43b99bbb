// Retours → « Lire une pile numérisée » (#/retours/pile, issue 16): the returned forms scanned as one stack.
// The secretary chooses or drops the copier's files; Balise reads each page (a progress bar), files it under
// its form and proposes the answers. The clear pages are recorded in one action; each page to check shows the
// crops of its four boxes and its signature with the reason, and is answered with the keyboard as on Retours:
// o / n / v for question 1 then question 2, s when the page is signed, Entrée records it, ↓ / ↑ go to the next
// or previous page. Nothing is recorded without a person, and a form already recorded is never overwritten.
// The 5.9 attestations come back in the same stacks: their card names the staff member and their one question
// is art. 5.10 (o / n); a « oui » asks for its lines, « élève:document », typed in the card.
import * as api from '../api.js';
import { el, replaceContent, appendChildren } from '../dom.js';
import { t, errorText, getLanguage } from '../i18n.js';
import { screenTitle } from './shell.js';
import { markLoading, markReady, today } from './register-common.js';

const ACCEPT = '.pdf,.tif,.tiff,.png,.jpg,.jpeg,application/pdf,image/tiff,image/png,image/jpeg';
const ANSWER_KEYS = { o: 'oui', y: 'oui', n: 'non', v: 'vide', b: 'vide' };
const REPLIES = ['oui', 'non', 'vide'];
// What each standing is called, in the order the summary says them.
const STANDINGS = ['clear', 'review', 'already_recorded', 'unclassified', 'other_school', 'other_year', 'unknown_number', 'year_closed', 'continued'];

export async function renderStack(container) {
  const files = el('input', { id: 'stack-files', type: 'file', class: 'input', accept: ACCEPT, multiple: true });
  const received = el('input', { id: 'stack-received', type: 'date', class: 'input', value: today(), max: today() });
  const progress = el('progress', { id: 'stack-progress', max: 1, value: 0, hidden: true });
  const progressText = el('p', { id: 'stack-progress-text', class: 'field-hint', role: 'status' });
  const error = el('div', { id: 'stack-error', class: 'message message--error', role: 'alert', hidden: true });
  const summary = el('div', { id: 'stack-summary', class: 'stack-summary', hidden: true });
  const list = el('div', { id: 'stack-pages', class: 'stack-pages' });
  const drop = el('section', { id: 'stack-drop', class: 'panel stack-drop', 'aria-labelledby': 'stack-files-label' },
    el('label', { id: 'stack-files-label', class: 'field-label', for: files.id }, t('stack.choose')),
    el('p', { class: 'field-hint' }, t('stack.chooseHint')),
    files,
    el('div', { class: 'field stack-received-field' },
      el('label', { class: 'field-label', for: received.id }, t('stack.received')),
      received),
    progress,
    progressText);

  const showError = (text) => {
    replaceContent(error, text ? el('p', null, text) : null);
    error.hidden = !text;
  };
  const state = { pages: [], blank: 0, busy: false };
  const view = { list, summary, received, showError, state };

  container.append(
    screenTitle(t('stack.title')),
    el('p', { class: 'section-intro' }, t('stack.intro')),
    el('p', null, el('a', { href: '#/retours', class: 'link-button' }, t('stack.back'))),
    drop,
    error,
    summary,
    list);

  const read = async (chosen) => {
    if (state.busy || !chosen.length) return;
    state.busy = true;
    showError('');
    replaceContent(list);
    summary.hidden = true;
    progress.hidden = false;
    progress.value = 0;
    progressText.textContent = t('stack.sending', { count: chosen.length });
    markLoading();
    try {
      await api.scanStackClear();
      for (const file of chosen) await api.scanStackAdd(file);
      const result = await api.scanStackRead(({ done, total }) => {
        progress.max = Math.max(total, 1);
        progress.value = done;
        progressText.textContent = t('stack.reading', { done, total });
      });
      state.pages = result.pages;
      state.blank = result.blank;
      progressText.textContent = t('stack.read', { total: result.pages.length, blank: result.blank });
      drawAll(view);
    } catch (failure) {
      progressText.textContent = '';
      showError(errorText(failure));
    }
    progress.hidden = true;
    state.busy = false;
    files.value = '';
    markReady();
  };
  files.addEventListener('change', () => read([...(files.files || [])]));
  acceptDrops(drop, read);
}

// The summary, its one action for the clear pages, and every page.
function drawAll(view) {
  const { list, summary, state } = view;
  drawSummary(view);
  replaceContent(list, state.pages.map((page) => pageCard(page, view)));
  const first = list.querySelector('.stack-page[data-standing="review"]') || list.querySelector('.stack-page');
  if (first) first.focus();
  summary.hidden = false;
}

function drawSummary(view) {
  const { summary, state } = view;
  const { blank } = state;
  const count = (standing) => state.pages.filter((p) => p.standing.kind === standing && !p.recorded).length;
  const parts = STANDINGS.map((standing) => ({ standing, n: count(standing) })).filter(({ n }) => n > 0)
    .map(({ standing, n }) => el('li', { dataset: { standing, count: String(n) } }, t(`stack.count.${standing}`, { n })));
  if (blank) parts.push(el('li', { dataset: { standing: 'blank', count: String(blank) } }, t('stack.count.blank', { n: blank })));
  const recorded = state.pages.filter((p) => p.recorded).length;
  if (recorded) parts.push(el('li', { dataset: { standing: 'recorded', count: String(recorded) } }, t('stack.count.recorded', { n: recorded })));
  const clear = count('clear');
  const confirm = el('button', { type: 'button', id: 'stack-confirm-clear', class: 'button button--primary', hidden: clear === 0 },
    t('stack.confirmClear', { n: clear }));
  confirm.addEventListener('click', () => confirmPages(view, state.pages.filter((p) => p.standing.kind === 'clear' && !p.recorded)
    .map((p) => ({ page: p.page, q1: p.q1, q2: p.q2 || 'vide' }))));
  replaceContent(summary, el('ul', { class: 'stack-counts' }, parts), confirm);
}

// Records `pages` and shows, on each card, what happened.
async function confirmPages(view, pages) {
  if (!pages.length) return;
  view.showError('');
  markLoading();
  try {
    const results = await api.scanStackConfirm(pages, view.received.value || null);
    for (const result of results) {
      const page = view.state.pages.find((p) => p.page === result.page);
      if (!page) continue;
      if (result.recorded) {
        const sent = pages.find((p) => p.page === result.page);
        page.recorded = true;
        // The answers recorded, as read or as the person gave them.
        page.q1 = sent.q1;
        page.q2 = sent.q2;
        page.signed = true;
        page.message = result.number ? t('stack.recorded', { number: result.number }) : t('stack.recordedAttestation');
      } else {
        page.message = getLanguage() === 'en' && result.message_en ? result.message_en : result.message;
      }
    }
    drawAll(view);
  } catch (failure) {
    view.showError(errorText(failure));
  }
  markReady();
}

// One page: what it is, what the reader proposes (with the crops), why a person must look, and for a page to
// check, the answers chosen with the keyboard.
function pageCard(page, view) {
  const kind = page.recorded ? 'recorded' : page.standing.kind;
  const review = kind === 'review';
  const attestation = page.kind === 'attestation';
  // A project's form (annexes 3 to 6): its boxes as read; one to check is typed on Projets.
  const project = page.kind === 'projet';
  const chosen = {
    q1: page.q1 === 'a_verifier' ? '' : page.q1,
    q2: attestation ? 'vide' : page.q2 === 'a_verifier' ? '' : page.q2,
    signed: page.signed === true,
    keep: '',
  };
  const card = el('article', {
    class: ['stack-page', `stack-page--${kind}`], tabindex: '0',
    dataset: { page: String(page.page), standing: kind, number: page.number || '' },
    'aria-labelledby': `stack-page-${page.page}-title`,
  });
  const title = el('h3', { id: `stack-page-${page.page}-title`, class: 'stack-page-title' },
    t('stack.page', { page: page.page, file: page.file }), ' — ',
    page.number ? el('span', { class: 'mono' }, page.number) : attestation ? t('stack.attestation') : t('stack.noNumber'));
  const a = page.attestation;
  const who = page.student ? el('p', { class: 'stack-page-who' }, [page.student, page.class_code, page.platform].filter(Boolean).join(' — '))
    : a ? el('p', { class: 'stack-page-who' }, `${a.staff} — ${a.year} — ${a.uses.join(', ')}`) : null;
  const badge = el('span', { class: ['badge', `stack-badge--${kind}`] }, t(`stack.standing.${kind}`));
  const reasons = page.reasons.length && !page.recorded
    ? el('ul', { class: 'stack-reasons' }, page.reasons.map((r) => el('li', { dataset: { reason: r.code } }, getLanguage() === 'en' ? r.en : r.fr)))
    : null;
  const standingNote = standingText(page);
  const questions = project
    ? el('ul', { class: 'stack-items' }, page.items.map((item) => el('li', { dataset: { item: item.key, read: item.read } },
      `${t(`projects.item.${item.key}`)} : ${t(`stack.item.${item.read}`)}`)))
    : (attestation ? ['q1'] : ['q1', 'q2']).map((q) => questionRow(page, q, chosen, review, card));
  const keep = attestation && review && !page.recorded ? keepField(page, chosen, card) : null;
  const signature = signatureRow(page, chosen, review, card);
  const message = page.message ? el('p', { class: 'stack-page-message', role: 'status' }, page.message) : null;
  const thumbnail = page.thumbnail && !page.crops
    ? el('img', { class: 'stack-thumbnail', src: page.thumbnail, alt: t('stack.thumbnailAlt', { page: page.page }) })
    : null;
  let save = null;
  if (review && !page.recorded && !project) {
    save = el('button', { type: 'button', class: 'button button--small', dataset: { action: 'record-page' } }, t('stack.recordPage'));
    save.addEventListener('click', () => recordReviewed(page, chosen, view));
  }
  appendChildren(card, [el('header', { class: 'stack-page-header' }, title, badge), who, standingNote, reasons,
    page.crops || project ? el('div', { class: 'stack-answers' }, questions, signature) : null, keep, thumbnail, save, message]);
  if (review && !page.recorded && !project) reviewKeys(card, page, chosen, view, attestation);
  else navigationKeys(card);
  return card;
}

function standingText(page) {
  const s = page.standing;
  const text = {
    already_recorded: () => t('stack.note.already_recorded', { on: s.on, answers: s.answers }),
    other_school: () => t('stack.note.other_school'),
    other_year: () => t('stack.note.other_year', { year: s.year }),
    unknown_number: () => t('stack.note.unknown_number'),
    year_closed: () => t('stack.note.year_closed'),
    unclassified: () => t('stack.note.unclassified'),
    continued: () => t('stack.note.continued'),
  }[s.kind];
  return text ? el('p', { class: 'stack-note' }, text()) : null;
}

// A question's two boxes as read (crops) and the answer proposed or chosen.
function questionRow(page, q, chosen, review, card) {
  const crops = page.crops || {};
  const answer = el('span', { class: 'stack-answer', dataset: { question: q, answer: chosen[q] || 'a_verifier' } },
    answerText(chosen[q] || 'a_verifier'));
  card.addEventListener('stack:answered', () => {
    answer.dataset.answer = chosen[q] || 'a_verifier';
    answer.textContent = answerText(chosen[q] || 'a_verifier');
  });
  const label = page.kind === 'attestation' ? t('stack.q510') : t(`stack.${q}`);
  return el('div', { class: 'stack-question', dataset: { question: q, read: page[q] } },
    el('span', { class: 'stack-question-label' }, label),
    crop(crops[`${q}_oui`], t('stack.boxOui')),
    crop(crops[`${q}_non`], t('stack.boxNon')),
    answer,
    review ? el('span', { class: 'field-hint' }, t(page.kind === 'attestation' ? 'stack.keysHint510' : 'stack.keysHint')) : null);
}

function signatureRow(page, chosen, review, card) {
  const crops = page.crops || {};
  const text = () => (chosen.signed ? t('stack.signed') : t(page.signed === false ? 'stack.notSigned' : 'stack.signatureUnsure'));
  const status = el('span', { class: 'stack-answer', dataset: { signed: String(chosen.signed) } }, text());
  card.addEventListener('stack:answered', () => {
    status.dataset.signed = String(chosen.signed);
    status.textContent = text();
  });
  return el('div', { class: 'stack-question stack-signature' },
    el('span', { class: 'stack-question-label' }, t('stack.signature')),
    crop(crops.signature, t('stack.signature'), 'stack-crop--signature'),
    status,
    review && page.signed !== true ? el('span', { class: 'field-hint' }, t('stack.signKeyHint')) : null);
}

function crop(src, label, extra) {
  const classes = ['stack-crop', extra].filter(Boolean);
  if (!src) return el('span', { class: [...classes, 'stack-crop--none'] }, '—');
  return el('figure', { class: classes }, el('img', { src, alt: label }), el('figcaption', null, label));
}

function answerText(answer) {
  return t(`stack.answer.${answer}`);
}

// An attestation's art. 5.10 « oui »: which students' documents went into their file, one « élève:document »
// line each, as on the paper's ruled lines.
function keepField(page, chosen, card) {
  const id = `stack-keep-${page.page}`;
  const area = el('textarea', { id, class: 'input stack-keep-lines', rows: 3, dataset: { keep: String(page.page) } });
  area.addEventListener('input', () => { chosen.keep = area.value; });
  const field = el('div', { class: 'field stack-keep', hidden: chosen.q1 !== 'oui' },
    el('label', { class: 'field-label', for: id }, t('stack.keep')),
    el('p', { class: 'field-hint' }, t('stack.keepHint')),
    area);
  card.addEventListener('stack:answered', () => { field.hidden = chosen.q1 !== 'oui'; });
  return field;
}

// o / n / v answer question 1 then question 2 (an attestation: its one question); s says the page is signed;
// Entrée records it; ↓ / ↑ move on.
function reviewKeys(card, page, chosen, view, attestation) {
  let question = 'q1';
  card.addEventListener('keydown', (event) => {
    if (event.target !== card || event.ctrlKey || event.altKey || event.metaKey) return;
    const key = event.key.toLowerCase();
    if (ANSWER_KEYS[key]) {
      event.preventDefault();
      chosen[question] = ANSWER_KEYS[key];
      if (!attestation) question = question === 'q1' ? 'q2' : 'q1';
      card.dispatchEvent(new Event('stack:answered'));
    } else if (key === 's') {
      event.preventDefault();
      chosen.signed = !chosen.signed;
      card.dispatchEvent(new Event('stack:answered'));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      recordReviewed(page, chosen, view);
    } else {
      move(card, event);
    }
  });
}

function navigationKeys(card) {
  card.addEventListener('keydown', (event) => {
    if (event.target === card) move(card, event);
  });
}

function move(card, event) {
  const pages = [...card.parentElement.querySelectorAll('.stack-page')];
  const index = pages.indexOf(card);
  const next = event.key === 'ArrowDown' ? pages[index + 1] : event.key === 'ArrowUp' ? pages[index - 1] : null;
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

// A page a person answered: both questions and the signature, then recorded like a clear one. An attestation:
// art. 5.10 oui or non, and for a oui its lines.
function recordReviewed(page, chosen, view) {
  if (page.kind === 'attestation') {
    if (chosen.q1 !== 'oui' && chosen.q1 !== 'non') {
      view.showError(t('stack.answer510', { page: page.page }));
      return;
    }
    const keep = chosen.q1 === 'oui' ? keepLines(chosen.keep) : [];
    if (chosen.q1 === 'oui' && !keep.length) {
      view.showError(t('stack.keepMissing', { page: page.page }));
      return;
    }
    if (!chosen.signed) {
      view.showError(t('stack.attestationSigned', { page: page.page }));
      return;
    }
    confirmPages(view, [{ page: page.page, q1: chosen.q1, q2: 'vide', keep }]);
    return;
  }
  if (!REPLIES.includes(chosen.q1) || !REPLIES.includes(chosen.q2)) {
    view.showError(t('stack.answerBoth', { page: page.page }));
    return;
  }
  if (!chosen.signed) {
    view.showError(t('stack.mustBeSigned', { page: page.page }));
    return;
  }
  confirmPages(view, [{ page: page.page, q1: chosen.q1, q2: chosen.q2 }]);
}

// « élève:document » lines (the student before the first colon), blank lines left out.
function keepLines(text) {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const at = line.indexOf(':');
    return at < 0 ? { student: line, document: '' } : { student: line.slice(0, at).trim(), document: line.slice(at + 1).trim() };
  });
}

// Files dropped on the panel are read like files chosen.
function acceptDrops(zone, read) {
  const carriesFiles = (event) => Boolean(event.dataTransfer) && [...event.dataTransfer.types].includes('Files');
  zone.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('is-dropping');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('is-dropping'));
  zone.addEventListener('drop', (event) => {
    zone.classList.remove('is-dropping');
    if (!carriesFiles(event)) return;
    event.preventDefault();
    read([...event.dataTransfer.files]);
  });
}
