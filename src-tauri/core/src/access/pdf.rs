//! The access export as a readable PDF (seed 004, art. 4): the person's identity, classes,
//! guardians or children, each form with its answers in force and its history as a table, and
//! the journal's entries about them. The same content as `personne.json`.

use crate::consent::lookup::FormHistory;
use crate::forms::Answer;
use crate::pdf::flow::{self, Flow, STANDARD};
use crate::pdf::{
    fr_typography, render_document, wrap, DocumentInfo, Face, Image, Page, PdfError, Span, Stroke, TextStyle,
};

use super::{ChildRecord, GuardianRecord, Membership, PersonExport};
use crate::audit::AuditEntry;
use crate::roster::StudentView;

const LEFT_MM: f32 = STANDARD.left_mm;
const RIGHT_MM: f32 = STANDARD.right_mm;
const WIDTH_MM: f32 = STANDARD.width_mm();
/// The date column of the history tables.
const DATE_MM: f32 = 24.0;

const TITLE: TextStyle = TextStyle::new(Face::SansBold, 15.0).with_line_height(1.25);
const HEADING: TextStyle = TextStyle::new(Face::SansBold, 12.0).with_line_height(1.5);
const SUBHEADING: TextStyle = TextStyle::new(Face::SansBold, 10.5).with_line_height(1.4);
const BODY: TextStyle = TextStyle::new(Face::Sans, 10.0).with_line_height(1.35);
const CELL: TextStyle = TextStyle::new(Face::Sans, 9.0).with_line_height(1.3);

/// The export's pages, with the blocks it is made of (no running header: a new page starts at
/// the top margin).
struct Writer {
    flow: Flow<'static>,
}

impl Writer {
    fn new() -> Writer {
        Writer { flow: Flow::new(STANDARD, |_| STANDARD.top_mm) }
    }

    fn page(&mut self) -> &mut Page {
        self.flow.page()
    }

    fn room(&mut self, height: f32) {
        self.flow.room(height);
    }

    fn heading(&mut self, text: &str) {
        self.room(HEADING.line_height_mm() * 3.0);
        let y = self.flow.y + 2.0;
        self.flow.y = self.page().text(LEFT_MM, y, HEADING, &fr_typography(text));
        let y = self.flow.y;
        self.page().horizontal_line(LEFT_MM, RIGHT_MM, y, Stroke::new(0.6, 0.3));
        self.flow.y += 1.5;
    }

    fn subheading(&mut self, text: &str) {
        self.room(SUBHEADING.line_height_mm() * 3.0);
        let y = self.flow.y + 1.0;
        self.flow.y = self.page().paragraph_text(LEFT_MM, y, WIDTH_MM, SUBHEADING, &fr_typography(text));
    }

    fn line(&mut self, label: &str, value: &str) {
        let label = fr_typography(&format!("{label} : "));
        let spans = [Span::bold(&label), Span::regular(value)];
        let lines = wrap(&spans, BODY.size_pt, WIDTH_MM);
        self.room(lines.len() as f32 * BODY.line_height_mm());
        let y = self.flow.y;
        self.flow.y = self.page().lines(LEFT_MM, y, BODY, &lines);
    }

    fn text(&mut self, text: &str) {
        let lines = wrap(&[Span::regular(text)], BODY.size_pt, WIDTH_MM);
        self.room(lines.len() as f32 * BODY.line_height_mm());
        let y = self.flow.y;
        self.flow.y = self.page().lines(LEFT_MM, y, BODY, &lines);
    }

    /// A two-column table (date, text) whose header row repeats on a new page.
    fn table(&mut self, header: (&str, &str), rows: &[(String, String)]) {
        self.room(3.0 * CELL.line_height_mm());
        let rows: Vec<(&str, Vec<crate::pdf::Line>)> = rows
            .iter()
            .map(|(date, text)| (date.as_str(), wrap(&[Span::regular(text)], CELL.size_pt, WIDTH_MM - DATE_MM - 1.0)))
            .collect();
        let height = |(_, lines): &(&str, Vec<crate::pdf::Line>)| lines.len() as f32 * CELL.line_height_mm() + 0.8;
        self.flow.table(
            &rows,
            height,
            |page, y, _| {
                let height = CELL.line_height_mm() + 0.6;
                page.fill_rectangles(&[[LEFT_MM, y, WIDTH_MM, height]], 0.9);
                page.text(LEFT_MM + 1.0, y + 0.3, CELL.with_face(Face::SansBold), header.0);
                page.text(LEFT_MM + DATE_MM, y + 0.3, CELL.with_face(Face::SansBold), header.1);
                y + height + 0.4
            },
            |page, y, row| {
                let row_height = height(row);
                page.text(LEFT_MM + 1.0, y, CELL, row.0);
                page.lines(LEFT_MM + DATE_MM, y, CELL, &row.1);
                page.horizontal_line(LEFT_MM, RIGHT_MM, y + row_height - 0.4, Stroke::new(0.25, 0.75));
                y + row_height
            },
        );
        self.flow.y += 2.0;
    }
}

/// Renders the export, the organisation's `logo` above its title.
pub(super) fn render(export: &PersonExport, logo: Option<&Image>) -> Result<Vec<u8>, PdfError> {
    let mut w = Writer::new();
    let top = w.flow.y;
    let (x, logo_bottom) = flow::logo_beside(w.page(), LEFT_MM, top, logo);
    let (title, at) = match export {
        PersonExport::Eleve(s) => ("Renseignements détenus par Balise — élève", s.exported_at.as_str()),
        PersonExport::Parent(g) => ("Renseignements détenus par Balise — parent ou tuteur", g.exported_at.as_str()),
    };
    let y = w.flow.y;
    let title_width = WIDTH_MM - (x - LEFT_MM);
    w.flow.y = w.page().paragraph_text(x, y, title_width, TITLE, &fr_typography(title)).max(logo_bottom);
    w.text(&fr_typography(&format!(
        "Demande d’accès (politique de confidentialité du CSSPB, art. 4). Exporté le {}. Confidentiel.",
        at.get(..10).unwrap_or(at)
    )));
    match export {
        PersonExport::Eleve(s) => {
            identity(&mut w, &s.student);
            w.line("Année scolaire", &s.year.to_string());
            memberships(&mut w, &s.memberships);
            w.heading("Parents ou tuteurs");
            guardians(&mut w, &s.guardians);
            forms(&mut w, &s.forms);
            project_forms(&mut w, &s.project_forms);
            kept(&mut w, &s.kept_documents);
            if s.other_years.is_empty() {
                w.heading("Autres années scolaires");
                w.text("Balise ne détient rien sur cet élève pour une autre année scolaire.");
            }
            for other in &s.other_years {
                w.heading(&format!("Année scolaire {} (même élève)", other.year));
                identity_lines(&mut w, &other.student);
                memberships_lines(&mut w, &other.memberships);
                w.subheading("Parents ou tuteurs");
                guardians(&mut w, &other.guardians);
                forms(&mut w, &other.forms);
                kept(&mut w, &other.kept_documents);
            }
            audit(&mut w, &s.audit);
        }
        PersonExport::Parent(g) => {
            w.heading("Parent ou tuteur");
            guardians(&mut w, &g.guardian);
            for ChildRecord { year, student, forms: child_forms } in &g.students {
                w.heading(&format!("Enfant : {} {} ({year})", student.first_name, student.last_name));
                identity_lines(&mut w, student);
                forms(&mut w, child_forms);
            }
            audit(&mut w, &g.audit);
        }
    }
    let mut pages = w.flow.finish();
    flow::number_pages(&mut pages, |page, number, count| {
        flow::footer(page, &STANDARD, "Balise — accès aux renseignements personnels — confidentiel", number, count)
    });
    let created_on = chrono::NaiveDate::parse_from_str(at.get(..10).unwrap_or(at), "%Y-%m-%d")
        .unwrap_or_else(|_| chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a valid date"));
    render_document(&DocumentInfo { title, created_on }, pages)
}

fn identity(w: &mut Writer, s: &StudentView) {
    w.heading("Élève");
    identity_lines(w, s);
}

fn identity_lines(w: &mut Writer, s: &StudentView) {
    w.line("Nom", &s.last_name);
    w.line("Prénom", &s.first_name);
    w.line("Fiche", s.fiche.as_deref().unwrap_or("—"));
    w.line("Code permanent", s.code_permanent.as_deref().unwrap_or("—"));
    w.line("Date de naissance", &s.birth_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()));
    w.line("Classe", &s.class_code);
    if !s.level.is_empty() {
        w.line("Niveau", &s.level);
    }
    let status = match s.departed_on {
        Some(d) => format!("parti·e le {d}"),
        None => "actif·ve".into(),
    };
    w.line("Statut", &status);
}

fn memberships(w: &mut Writer, rows: &[Membership]) {
    w.heading("Classes fréquentées");
    memberships_lines(w, rows);
}

fn memberships_lines(w: &mut Writer, rows: &[Membership]) {
    if rows.is_empty() {
        w.text("Aucune.");
    }
    for m in rows {
        let until = m.until_on.map(|d| format!(" au {d}")).unwrap_or_else(|| " à aujourd’hui".into());
        w.text(&format!("Classe {} : du {}{until}", m.class_code, m.from_on));
    }
}

fn guardians(w: &mut Writer, rows: &[GuardianRecord]) {
    if rows.is_empty() {
        w.text("Aucun parent ou tuteur au dossier.");
    }
    for g in rows {
        let name = format!("{} {}", g.first_name, g.last_name);
        w.subheading(&format!("Parent n° {} — {}", g.id, name.trim()));
        w.line("Courriel", if g.email.is_empty() { "—" } else { &g.email });
        w.line("Lien avec l’élève", if g.relation.is_empty() { "—" } else { &g.relation });
        w.line("Ne pas contacter", if g.do_not_contact { "oui" } else { "non" });
        let period = match g.ended_on {
            Some(end) => format!("du {} au {end}", g.started_on),
            None => format!("depuis le {}", g.started_on),
        };
        w.line("Au dossier", &period);
    }
}

/// The documents a 5.10 confirmation kept in the student's file, when there are any.
fn kept(w: &mut Writer, rows: &[super::KeptDocument]) {
    if rows.is_empty() {
        return;
    }
    w.heading("Documents conservés au dossier de l’élève (Directive, art. 5.10)");
    let rows: Vec<(String, String)> =
        rows.iter().map(|k| (format!("{} ({})", k.confirmed_on, k.platform), k.document.clone())).collect();
    w.table(("Confirmation", "Document"), &rows);
}

fn answer(a: Answer) -> &'static str {
    match a {
        Answer::Oui => "oui",
        Answer::Non => "non",
        Answer::SansReponse => "sans réponse",
    }
}

fn forms(w: &mut Writer, forms: &[FormHistory]) {
    w.heading("Formulaires de consentement (Annexe A)");
    if forms.is_empty() {
        w.text("Aucun formulaire.");
    }
    for form in forms {
        w.subheading(&format!("Formulaire {} — {} (classe {})", form.number, form.platform, form.class_code));
        w.line(
            "Réponses en vigueur",
            &format!("question 1 : {}, question 2 : {}", answer(form.state.q1), answer(form.state.q2)),
        );
        let rows: Vec<(String, String)> = form
            .events
            .iter()
            .map(|e| {
                let mut text = e.summary.clone();
                if let Some(scan) = &e.scan {
                    text.push_str(&format!(
                        " — numérisation jointe ({}, {} octets, SHA-256 {}…)",
                        scan.media_type.extension().to_uppercase(),
                        scan.size,
                        scan.sha256.get(..12).unwrap_or(&scan.sha256)
                    ));
                }
                (e.on.to_string(), text)
            })
            .collect();
        w.table(("Date", "Événement"), &rows);
    }
}

/// The project forms (issue 17): per form, what each box allows today and its history.
fn project_forms(w: &mut Writer, forms: &[crate::consent::project_forms::ProjectFormRecord]) {
    if forms.is_empty() {
        return;
    }
    w.heading("Autorisations des projets (annexes 3 à 6)");
    for form in forms {
        w.subheading(&format!("Formulaire {} — projet « {} »", form.number, form.project));
        w.line("Formulaire", &crate::pdf::fr_source(&form.annexe));
        let allowed: Vec<&str> = form.items.iter().map(|i| i.words).collect();
        w.line("En vigueur", &fr_typography(&allowed.join(" ; ")));
        let rows: Vec<(String, String)> = form
            .events
            .iter()
            .map(|e| {
                let mut text = e.summary.clone();
                if let Some(scan) = &e.scan {
                    text.push_str(&format!(" — numérisation jointe ({} octets)", scan.size));
                }
                (e.on.to_string(), text)
            })
            .collect();
        w.table(("Date", "Événement"), &rows);
    }
}

fn audit(w: &mut Writer, entries: &[AuditEntry]) {
    w.heading("Journal (entrées au sujet de ces renseignements)");
    let rows: Vec<(String, String)> = entries
        .iter()
        .map(|e| (e.at.get(..10).unwrap_or(&e.at).to_string(), format!("{} — {} — {}", e.action, e.object, e.summary)))
        .collect();
    if rows.is_empty() {
        w.text("Aucune entrée.");
    } else {
        w.table(("Date", "Entrée"), &rows);
    }
}
