// The scan of a returned form on the Retours card: chosen with the file picker or dropped anywhere on the
// card, read here and sent as base64 with the save.
import { el, replaceContent } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { SCAN_ACCEPT, looksLikeScan, readUpload, uploadText } from './consent-common.js';

// The scan's field: the picker and the file chosen, with a button that removes it. `showError(text)` writes
// in the screen's error box; `takeFile(file)` checks and reads a file; `upload()` is the scan to send, or null.
export function buildScanField(showError) {
  let chosen = null;
  const scanInput = el('input', { id: 'return-scan', type: 'file', class: 'input', accept: SCAN_ACCEPT });
  const scanChosen = el('p', { id: 'return-scan-chosen', class: 'scan-chosen', hidden: true });
  const setScan = (upload) => {
    chosen = upload;
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
      showError(t('returns.scanWrongType', { name: file.name }));
      return;
    }
    try {
      setScan(await readUpload(file));
      showError('');
    } catch (failure) {
      showError(errorText(failure));
    }
  };
  scanInput.addEventListener('change', () => takeFile(scanInput.files && scanInput.files[0]));

  const element = el('div', { class: 'field scan-field scan-drop' },
    el('label', { class: 'field-label', for: scanInput.id }, t('returns.scan')),
    el('p', { class: 'field-hint' }, t('returns.scanHint')),
    scanInput,
    scanChosen);
  return {
    element,
    input: scanInput,
    takeFile,
    upload: () => (chosen ? { name: chosen.name, base64: chosen.base64 } : null),
  };
}

// Drag and drop of a scan onto the card (HTML5; the bytes are read here and sent with the save). A closed
// year's card takes no drop. Returns the function that stops listening to the window.
export function acceptDroppedScans(card, scan, closed) {
  let dropDepth = 0;
  const dropping = (on) => card.classList.toggle('is-dropping', on);
  const carriesFiles = (event) => Boolean(event.dataTransfer) && [...event.dataTransfer.types].includes('Files');
  card.addEventListener('dragenter', (event) => {
    if (closed || !carriesFiles(event)) return;
    event.preventDefault();
    dropDepth += 1;
    dropping(true);
  });
  card.addEventListener('dragover', (event) => {
    if (closed || !carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  card.addEventListener('dragleave', () => {
    dropDepth = Math.max(0, dropDepth - 1);
    if (dropDepth === 0) dropping(false);
  });
  card.addEventListener('drop', (event) => {
    dropDepth = 0;
    dropping(false);
    if (closed || !carriesFiles(event)) return;
    event.preventDefault();
    scan.input.value = '';
    scan.takeFile(event.dataTransfer.files[0]);
  });
  // A drop the system kept for itself never reaches the page: do not leave the card highlighted.
  const forgetDrop = () => {
    dropDepth = 0;
    dropping(false);
  };
  window.addEventListener('blur', forgetDrop);
  return () => window.removeEventListener('blur', forgetDrop);
}
