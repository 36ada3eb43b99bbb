// The school settings fields shared by the first-run setup form and Paramètres: building, reading, saving, errors.
import * as api from '../api.js';
import { el, showMessage } from '../dom.js';
import { t, errorText } from '../i18n.js';

// In display order. `required` is checked here before anything is sent, so that the first-run form
// cannot start Balise without a school or an operator name; everything else is the backend's to validate.
export const SCHOOL_FIELDS = Object.freeze([
  { key: 'css_name', type: 'text', required: true, autocomplete: 'organization', hint: false},
  { key: 'school_name', type: 'text', required: true, autocomplete: 'off', hint: false},
  { key: 'principal_name', type: 'text', required: true, autocomplete: 'off', hint: true},
  { key: 'operator_name', type: 'text', required: true, autocomplete: 'name', hint: true},
  { key: 'return_email', type: 'email', required: false, autocomplete: 'email', hint: true},
  { key: 'form_deadline', type: 'date', required: false, autocomplete: 'off', hint: true},
  { key: 'school_year', type: 'text', required: true, autocomplete: 'off', hint: true},
  { key: 'retention_years', type: 'number', required: false, autocomplete: 'off', hint: true},
  // A student's own consent to the Annexe A (off unless the principal decides it): a yes/no choice.
  { key: 'student_consent', type: 'select', options: ['non', 'oui'], required: false, autocomplete: 'off', hint: true},
  // What the source forms of issue 17 name: annexes 5 and 6's resources site, the space request's return address.
  { key: 'social_media_site', type: 'url', required: false, autocomplete: 'url', hint: true},
  { key: 'communications_email', type: 'email', required: false, autocomplete: 'email', hint: true},
]);

// Builds the fields filled with `values`. Returns the element and what a form needs to drive it.
export function buildSchoolFields(values, onEdit) {
  const inputs = new Map();
  const errors = new Map();
  const element = el('div', { class: 'field-grid' });

  for (const field of SCHOOL_FIELDS) {
    const inputId = `setting-${field.key}`;
    const hintId = `${inputId}-hint`;
    const errorId = `${inputId}-error`;
    const input = field.type === 'select' ? choice(field, inputId, hintId, errorId) : el('input', {
      id: inputId,
      name: field.key,
      type: field.type,
      class: 'input',
      value: valueOf(values, field.key),
      autocomplete: field.autocomplete,
      placeholder: field.key === 'school_year' ? '2025-2026' : field.type === 'date' ? t('field.form_deadline.placeholder') : null,
      'aria-required': field.required ? 'true' : null,
      'aria-describedby': [field.hint ? hintId : '', errorId].filter(Boolean).join(' '),
      spellcheck: field.type === 'text' ? 'false' : null,
      onInput: () => {
        setFieldError(input, error, '');
        if (onEdit) onEdit(field.key);
      },
    });
    if (field.type === 'select') {
      input.value = valueOf(values, field.key) || field.options[0];
      input.addEventListener('change', () => {
        setFieldError(input, error, '');
        if (onEdit) onEdit(field.key);
      });
    }
    const error = el('p', { id: errorId, class: 'field-error', role: 'alert', hidden: true });
    inputs.set(field.key, input);
    errors.set(field.key, error);
    element.append(
      el('div', { class: 'field' },
        el('label', { for: inputId, class: 'field-label' },
          t(`field.${field.key}.label`),
          field.required ? el('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : null),
        input,
        field.hint ? el('p', { id: hintId, class: 'field-hint' }, hintText(field)) : null,
        error));
  }

  return {
    element,
    inputs,
    // Current values, trimmed unless asked: a stray space after a name should not reach the printed form,
    // but a draft kept while typing must keep it.
    read(trim = true) {
      const result = {};
      for (const [key, input] of inputs) result[key] = trim ? input.value.trim() : input.value;
      return result;
    },
    fill(settings) {
      for (const [key, input] of inputs) input.value = valueOf(settings, key);
    },
    setError(key, text) {
      setFieldError(inputs.get(key), errors.get(key), text);
    },
    clearErrors() {
      for (const [key, input] of inputs) setFieldError(input, errors.get(key), '');
    },
    focusFirstError() {
      for (const [key, input] of inputs) {
        if (!errors.get(key).hidden) {
          input.focus();
          return;
        }
      }
    },
    // The first empty field, or the first field when all are filled.
    focusFirstEmpty() {
      const empty = [...inputs.values()].find((input) => input.value.trim() === '');
      (empty || inputs.values().next().value).focus();
    },
  };
}

// Keys of required fields left empty in `values`.
// Reads the form and flags its empty required fields; returns the values, or null when something is
// missing (the first missing field then has the focus). Shared by the first-run form and Paramètres.
export function readRequired(fields) {
  fields.clearErrors();
  const values = fields.read();
  const missing = missingRequired(values);
  if (missing.length > 0) {
    showFieldErrors(fields, missing, new Map());
    fields.focusFirstError();
    return null;
  }
  return values;
}

export function missingRequired(values) {
  return SCHOOL_FIELDS.filter((field) => field.required && !values[field.key]).map((field) => field.key);
}

// Sends each [key, value] to settings_set, one after the other, and keeps going after an error so that
// every invalid field is reported at once. Returns the last settings the backend sent back (or null)
// and the errors by key.
export async function saveSettings(entries) {
  let settings = null;
  const errors = new Map();
  for (const [key, value] of entries) {
    try {
      settings = await api.settingsSet(key, value);
    } catch (error) {
      errors.set(key, error);
    }
  }
  return { settings, errors };
}

// Shows a required-field message or each backend error next to its field.
export function showFieldErrors(fields, missing, errors) {
  for (const key of missing) fields.setError(key, t('field.required'));
  for (const [key, error] of errors) fields.setError(key, errorText(error));
}

// Where the webview has no date picker, the date field is a plain text box: say which format to type.
function hintText(field) {
  const hint = t(`field.${field.key}.hint`);
  if (field.type !== 'date' || supportsDateInput()) return hint;
  return `${hint} ${t('field.dateFormat')}`;
}

function supportsDateInput() {
  const probe = document.createElement('input');
  probe.setAttribute('type', 'date');
  probe.value = 'not a date';
  return probe.type === 'date' && probe.value === '';
}

function setFieldError(input, error, text) {
  showMessage(error, text);
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function valueOf(values, key) {
  const value = values ? values[key] : '';
  return value === null || value === undefined ? '' : String(value);
}

// A setting chosen from a short list (`field.options`, each labelled `field.<key>.option.<value>`).
function choice(field, inputId, hintId, errorId) {
  return el('select', {
    id: inputId,
    name: field.key,
    class: 'input',
    'aria-describedby': [field.hint ? hintId : '', errorId].filter(Boolean).join(' '),
  }, field.options.map((value) => el('option', { value }, t(`field.${field.key}.option.${value}`))));
}
