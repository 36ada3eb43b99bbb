// Calls into Balise's Rust backend: the only file that touches window.__TAURI__, one function per command.
//
// Every function returns what the command returns, or rejects with an ApiError. Backend errors arrive as
// {code, message, message_en}; anything else (a missing command, a broken bridge) becomes code "ipc",
// and running outside the Balise window becomes code "no_backend". i18n.errorText() turns an ApiError
// into the sentence to show.

export class ApiError extends Error {
  constructor(code, messageFr, messageEn, detail) {
    super(messageFr || detail || code);
    this.name = 'ApiError';
    this.code = code;
    this.messageFr = messageFr || '';
    this.messageEn = messageEn || '';
    this.detail = detail || '';
  }
}

// Backend error codes the UI branches on.
export const ErrorCode = Object.freeze({
  wrongRecoveryKey: 'wrong_recovery_key',
  invalidSetting: 'invalid_setting',
  noBackend: 'no_backend',
  ipc: 'ipc',
});

export function appStatus() {
  return call('app_status');
}

export function initStore() {
  return call('init_store');
}

export function printRecoverySheet() {
  return call('print_recovery_sheet');
}

export function recoveryKeyNoted() {
  return call('recovery_key_noted');
}

export function unlockWithRecovery(code) {
  return call('unlock_with_recovery', { code });
}

export function settingsGet() {
  return call('settings_get');
}

export function settingsSet(key, value) {
  return call('settings_set', { key, value });
}

export function auditList(limit) {
  return call('audit_list', { limit });
}

export function backupCreate() {
  return call('backup_create');
}

export function backupList() {
  return call('backup_list');
}

export function verifyStore() {
  return call('verify_store');
}

// Turns whatever a rejected invoke() gave into an ApiError.
export function toApiError(raw, command) {
  if (raw instanceof ApiError) return raw;
  if (raw && typeof raw === 'object' && typeof raw.code === 'string') {
    return new ApiError(raw.code, asText(raw.message), asText(raw.message_en), command);
  }
  if (typeof raw === 'string') return new ApiError(ErrorCode.ipc, '', '', raw);
  const detail = raw && typeof raw === 'object' && 'message' in raw ? asText(raw.message) : String(raw);
  return new ApiError(ErrorCode.ipc, '', '', detail);
}

async function call(command, args = {}) {
  const invoke = tauriInvoke();
  if (!invoke) throw new ApiError(ErrorCode.noBackend, '', '', command);
  try {
    return await invoke(command, args);
  } catch (raw) {
    throw toApiError(raw, command);
  }
}

function tauriInvoke() {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core || typeof tauri.core.invoke !== 'function') return null;
  return tauri.core.invoke;
}

function asText(value) {
  return typeof value === 'string' ? value : '';
}
