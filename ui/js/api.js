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
  prohibitedPlatform: 'prohibited_platform',
  formAlreadyRecorded: 'form_already_recorded',
  doNotContactSigner: 'do_not_contact_signer',
  yearClosed: 'year_closed',
  signerNeeded: 'signer_needed',
  studentTooYoung: 'student_too_young',
  studentAgeUnknown: 'student_age_unknown',
  noBackend: 'no_backend',
  ipc: 'ipc',
});

export function appStatus() {
  return call('app_status');
}

// The start-up bench only (status.startup_probe): the window's moments, a list of {name, ms} (ms since the
// epoch), from the page's start to the dashboard painted.
export function startupMark(marks) {
  return call('startup_mark', { marks });
}

export function initStore() {
  return call('init_store');
}

export function newRecoveryKey() {
  return call('new_recovery_key');
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

// The organisation's logo (Paramètres): {attachment, width, height, data_url} or null.
export function logoGet() {
  return call('logo_get');
}

// Chooses or replaces the logo from a file {name, base64}; resolves to the logo as logoGet gives it.
export function logoSet(file) {
  return call('logo_set', { file });
}

export function logoRemove() {
  return call('logo_remove');
}

export function auditList(limit) {
  return call('audit_list', { limit });
}

export function backupCreate() {
  return call('backup_create');
}

// The day's backup: a BackupInfo when this call made it, null when it was already made today.
export function dailyBackup() {
  return call('daily_backup');
}

export function backupList() {
  return call('backup_list');
}

export function verifyStore() {
  return call('verify_store');
}

// The register (issue 3). Drafts and files are passed as the backend expects them: drafts with snake_case
// fields, dates as "YYYY-MM-DD", files as {name, base64}; a missing year means the school year in Paramètres.

export function registerDashboard(year) {
  return call('register_dashboard', year ? { year } : {});
}

export function platformList() {
  return call('platform_list');
}

export function platformAdd(draft) {
  return call('platform_add', { draft });
}

export function platformPreview(name, change) {
  return call('platform_preview', { name, change });
}

export function platformSet(name, change) {
  return call('platform_set', { name, change });
}

export function staffList() {
  return call('staff_list');
}

export function staffAdd(draft) {
  return call('staff_add', { draft });
}

export function staffSet(name, change) {
  return call('staff_set', { name, change });
}

export function classList(year) {
  return call('class_list', year ? { year } : {});
}

export function classAdd(draft) {
  return call('class_add', { draft });
}

export function classSet(code, change, year) {
  return call('class_set', year ? { code, change, year } : { code, change });
}

export function classShow(code, year) {
  return call('class_show', year ? { code, year } : { code });
}

export function useList(classCode, year) {
  const args = {};
  if (classCode) args.classCode = classCode;
  if (year) args.year = year;
  return call('use_list', args);
}

export function useAdd(draft) {
  return call('use_add', { draft });
}

// `priorUse`: for a tolerated platform, the staff member already used it the year before (note de service of
// 25 August 2025, footnote 1).
export function useAuthorize(id, on, by, document, priorUse) {
  const args = document ? { id, on, by, document } : { id, on, by };
  if (priorUse !== undefined) args.priorUse = Boolean(priorUse);
  return call('use_authorize', args);
}

// The staff members of a use, by name (Annexe A, Directive 5.9); an empty list goes back to the class's teachers.
export function useSetStaff(id, staff) {
  return call('use_set_staff', { id, staff });
}

export function useValidateCommittee(id, on) {
  return call('use_validate_committee', { id, on });
}

export function useAttachDoc(id, document) {
  return call('use_attach_doc', { id, document });
}

export function useValidateDoc(id, on, by) {
  return call('use_validate_doc', { id, on, by });
}

export function useSendDoc(id, on) {
  return call('use_send_doc', { id, on });
}

export function useEnd(id, on) {
  return call('use_end', { id, on });
}

export function infractionList(openOnly, year) {
  return call('infraction_list', year ? { openOnly: Boolean(openOnly), year } : { openOnly: Boolean(openOnly) });
}

export function infractionAdd(draft) {
  return call('infraction_add', { draft });
}

export function infractionResolve(id, on, resolution) {
  return call('infraction_resolve', { id, on, resolution });
}

export function attachmentView(id) {
  return call('attachment_view', { id });
}

// « Enregistrer sous… »: the system's save dialog (asked by the backend); null when cancelled.
export function attachmentSaveAs(id, title) {
  return call('attachment_save_as', { id, title });
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

// A scanned stack (issue 16). Each file goes to the backend as raw bytes (not base64: a stack is tens of
// megabytes), its name in a header; the stack stays in the backend's memory, never on disk in clear.
export async function scanStackAdd(file) {
  const invoke = tauriInvoke();
  if (!invoke) throw new ApiError(ErrorCode.noBackend, '', '', 'scan_stack_add');
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return await invoke('scan_stack_add', bytes, { headers: { 'x-file-name': encodeURIComponent(file.name) } });
  } catch (raw) {
    throw toApiError(raw, 'scan_stack_add');
  }
}

// Reads the files added, page by page; `onProgress({done, total})` follows the reading. Resolves to the pages.
export function scanStackRead(onProgress) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core || typeof tauri.core.Channel !== 'function') {
    return Promise.reject(new ApiError(ErrorCode.noBackend, '', '', 'scan_stack_read'));
  }
  const progress = new tauri.core.Channel();
  progress.onmessage = onProgress;
  return call('scan_stack_read', { progress });
}

// Records pages [{page, q1, q2}] (the clear ones as read, the others as a person answered them).
export function scanStackConfirm(pages, receivedOn) {
  return call('scan_stack_confirm', receivedOn ? { pages, receivedOn } : { pages });
}

// Forgets the stack held in memory.
export function scanStackClear() {
  return call('scan_stack_clear');
}

function tauriInvoke() {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core || typeof tauri.core.invoke !== 'function') return null;
  return tauri.core.invoke;
}

function asText(value) {
  return typeof value === 'string' ? value : '';
}

// Class lists (issue 4): the mapping step and the diff, then the import itself.
export function rosterPreview(request) {
  return call('roster_preview', { request });
}

export function rosterImport(request) {
  return call('roster_import', { request });
}

export function studentList(classCode, year) {
  const args = {};
  if (classCode) args.classCode = classCode;
  if (year) args.year = year;
  return call('student_list', args);
}

// Printing (issue 5): the forms a batch covers, then the PDF opened or saved where the person chooses.
export function formsPlan(request) {
  return call('forms_plan', { request });
}

export function formsWarnings(request) {
  return call('forms_warnings', { request });
}

export function formsPrint(request, destination, title) {
  return call('forms_print', { request, destination, title });
}

export function classSheetPrint(request, destination, title) {
  return call('class_sheet_print', { request, destination, title });
}

export function formShow(number) {
  return call('form_show', { number });
}

// Returns (issue 6): a form looked up by its number or its student's name, one event saved on it (a return,
// a correction, a refusal or a withdrawal, with an optional scan as {name, base64}), and the follow-up.
export function returnLookup(number) {
  return call('return_lookup', { number });
}

export function returnSearch(query) {
  return call('return_search', { query });
}

export function returnSave(number, action, scan) {
  return call('return_save', scan ? { number, action, scan } : { number, action });
}

export function consentHistory(student) {
  return call('consent_history', { student: String(student) });
}

export function consentMatrix(classCode) {
  return call('consent_matrix', { classCode });
}

export function consentFollowUp() {
  return call('consent_follow_up');
}

export function consentMissing(classCode) {
  return call('consent_missing', classCode ? { classCode } : {});
}

// « Exporter la liste de suivi » through the system's save dialog: null when cancelled.
export function consentMissingExport(format, title, classCode) {
  const args = { format, title };
  if (classCode) args.classCode = classCode;
  return call('consent_missing_export', args);
}

// The teachers' printed reminder list (PDF, per class), opened in the viewer or saved (« save_as »): null when the
// dialog is cancelled. Without a class, every class with forms to get back.
export function consentReminderPrint(destination, title, classCode) {
  const args = { destination, title };
  if (classCode) args.classCode = classCode;
  return call('consent_reminder_print', args);
}

export function guardianDoNotContact(guardianId, doNotContact) {
  return call('guardian_do_not_contact', { guardianId, doNotContact });
}

// The language a guardian's Annexe A is printed in: 'fr' or 'en' (issue 15, item 14).
export function guardianLanguage(guardianId, language) {
  return call('guardian_language', { guardianId, language });
}

// End of year (issue 7): the deletion confirmations (5.9–5.10) with their attestations and follow-up list,
// closing the year and opening the next, the purge of expired years, the school's report.
export function yearEndOverview(year) {
  return call('year_end_overview', year ? { year } : {});
}

export function deletionPrint(staff, destination, title) {
  const args = { destination, title };
  if (staff) args.staff = staff;
  return call('deletion_print', args);
}

export function deletionFollowupPrint(destination, title) {
  return call('deletion_followup_print', { destination, title });
}

export function deletionConfirm(input, scan) {
  return call('deletion_confirm', scan ? { input, scan } : { input });
}

export function deletionCorrect(input, scan) {
  return call('deletion_correct', scan ? { input, scan } : { input });
}

export function yearClose(year, overrideReason) {
  return call('year_close', overrideReason ? { year, overrideReason } : { year });
}

export function yearOpen(year) {
  return call('year_open', { year });
}

export function purgePreview() {
  return call('purge_preview');
}

export function purgeRun() {
  return call('purge_run');
}

export function reportPrint(year, destination, title) {
  return call('report_print', { year, destination, title });
}

export function reportCsv(year, title) {
  return call('report_csv', { year, title });
}

// Access (seed 004, art. 4): everything held about one student, saved where the person chooses.
export function personExport(studentId, title) {
  return call('person_export', { studentId, title });
}

// Issue 15, items 16–17: backups verified and restored from Paramètres (by file name, never a path), a guardian's
// export, a rectification, and the register of access requests (seed 004, art. 4).
export function backupVerify(file) {
  return call('backup_verify', { file });
}

export function backupRestorePreview(file) {
  return call('backup_restore_preview', { file });
}

export function backupRestore(file) {
  return call('backup_restore', { file });
}

export function guardianExport(guardianId, title) {
  return call('guardian_export', { guardianId, title });
}

export function personSearch(query) {
  return call('person_search', { query });
}

// kind: "eleve" or "parent".
export function personCorrect(kind, id, field, value, reason) {
  return call('person_correct', { kind, id, field, value, reason });
}

export function requestList(openOnly) {
  return call('request_list', { openOnly: Boolean(openOnly) });
}

// request: {received_on, kind, details, requester, subject: {kind, id} | null}.
export function requestAdd(request) {
  return call('request_add', { request });
}

export function requestAnswer(id, answer, on, reason) {
  return call('request_answer', { id, answer, on, reason });
}

export function requestExtend(id, on) {
  return call('request_extend', { id, on });
}

// Projects and their forms (issue 17): annexes 3 to 6.
export function projectList(year) {
  return call('project_list', year ? { year } : {});
}

export function projectShow(id) {
  return call('project_show', { id });
}

// project: {title, description, medium, social, starts_on, ends_on, classes, staff}.
export function projectAdd(project) {
  return call('project_add', { project });
}

// adult: {role, last_name, first_name, staff}.
export function projectAdultAdd(id, adult) {
  return call('project_adult_add', { id, adult });
}

// who: {kind: 'students', value: {class}} or {kind: 'adults'}.
export function projectPrint(id, who, missingOnly, destination, title) {
  return call('project_print', { id, who, missingOnly: Boolean(missingOnly), destination, title });
}

// action: {kind: 'record', input: {ticked, received_on, signer, how}} or {kind: 'refuse', on, signer, how}.
export function projectReturn(number, action) {
  return call('project_return', { number, action });
}

// Social-media spaces (issue 17; seed 003).
export function spaceList(year) {
  return call('space_list', year ? { year } : {});
}

// space: {name, platform, platform_other, use_type, access_level, content, administration, training, monitoring, responsible}.
export function spaceAdd(space) {
  return call('space_add', { space });
}

// step: {kind: 'send', on} | {kind: 'decide', accepted, on, scan} | {kind: 'admin', staff} |
// {kind: 'condition', key, on} | {kind: 'member', student_id, consent_by, consent_on, signer}.
export function spaceStep(id, step) {
  return call('space_step', { id, step });
}

export function spacePrint(id, destination, title) {
  return call('space_print', { id, destination, title });
}

export function spaceConditions() {
  return call('space_conditions');
}

export function projectFormHistory(number) {
  return call('project_form_history', { number });
}

// The project a project form's number belongs to (its id).
export function projectFormLocate(number) {
  return call('project_form_locate', { number });
}
