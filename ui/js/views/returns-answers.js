// One question of an Annexe A on the Retours card, as a radio group answered with the arrows or with one
// letter: « Oui (o) », « Non (n) », « Laissée en blanc (v) ».
import { el } from '../dom.js';
import { t } from '../i18n.js';

// Keys that answer a question while its group has the focus: French and English initials both work.
const ANSWER_KEYS = { o: 'oui', y: 'oui', n: 'non', v: 'vide', b: 'vide' };
const REPLIES = ['oui', 'non', 'vide'];

// One question's radio group: « Oui (o) », « Non (n) », « Laissée en blanc (v) ». `onAnswered` runs after a
// letter key chose an answer (question 1 then moves on to question 2).
export function answerGroup(question, legend, hint) {
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
