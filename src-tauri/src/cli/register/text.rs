//! The register's answers as short aligned French lines (without `--json`): the catalogue, staff,
//! classes, uses with their states and reasons, infractions and the dashboard.

use balise_core::attachment::AttachmentMeta;
use balise_core::dashboard::{Dashboard, UseFinding};
use balise_core::register::class::Class;
use balise_core::register::detail::{ClassDetail, UseView};
use balise_core::register::infraction::Infraction;
use balise_core::register::platform::{Audience, Platform};
use balise_core::register::platform_change::PlatformPreview;
use balise_core::register::rules::{OnePlatformWarning, Reason, Severity, UseState};
use balise_core::register::staff::Staff;
use balise_core::year::SchoolYear;

pub(super) fn state_fr(state: UseState) -> &'static str {
    match state {
        UseState::Conforme => "conforme",
        UseState::PasPrete => "pas prête",
        UseState::NonConforme => "non conforme",
    }
}

pub(super) fn yes_no(value: bool) -> &'static str {
    if value {
        "oui"
    } else {
        "non"
    }
}

pub(super) fn reason_line(reason: &Reason) -> String {
    format!("[art. {}] {}", reason.article, reason.text_fr)
}

/// The reasons that set a state (pas prête, non conforme); warnings and advice only inform.
pub(super) fn sets_state(reason: &&Reason) -> bool {
    reason.severity >= Severity::PasPrete
}

/// Pads every column but the last to its widest cell, two spaces apart.
pub(super) fn aligned(rows: &[Vec<String>], indent: &str) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|cell| cell.chars().count()).max().unwrap_or(0))
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| if i + 1 == row.len() { cell.clone() } else { format!("{cell:<0$}", widths[i]) })
                .collect();
            format!("{indent}{}", cells.join("  ")).trim_end().to_string()
        })
        .collect()
}

pub(super) fn audiences_fr(audiences: &[Audience]) -> String {
    audiences.iter().map(|a| a.label_fr()).collect::<Vec<_>>().join(", ")
}

pub(super) fn status_fr(platform: &Platform) -> String {
    match platform.tolerated_until {
        Some(until) => format!("{} jusqu'au {until}", platform.status.label_fr()),
        None => platform.status.label_fr().to_string(),
    }
}

pub(super) fn platform_summary(p: &Platform) -> String {
    let mut text = format!(
        "{} : {} ; pour les {} ; suppression de fin d'année : {} ; compte institutionnel : {}{}",
        p.name,
        status_fr(p),
        audiences_fr(&p.audiences),
        yes_no(p.end_of_year_deletion),
        yes_no(p.institutional_account),
        if p.outside_directive { " ; hors Directive (art. 3)" } else { "" }
    );
    // Directive 5.9 and 3: a flag set otherwise than the article says, with its reason.
    for deviation in p.deviations() {
        let reason = p.reason_of(deviation).unwrap_or("non consignée");
        text.push_str(&format!(" ; différent de l'art. {}, raison : {reason}", deviation.article()));
    }
    text
}

pub(super) fn platform_table(platforms: &[Platform]) -> String {
    let mut rows = vec![vec!["plateforme".into(), "statut".into(), "destinataires".into()]];
    rows.extend(platforms.iter().map(|p| vec![p.name.clone(), status_fr(p), audiences_fr(&p.audiences)]));
    aligned(&rows, "").join("\n")
}

pub(super) fn preview_text(preview: &PlatformPreview) -> String {
    let mut lines = vec![
        format!("Avant : {}", platform_summary(&preview.before)),
        format!("Après : {}", platform_summary(&preview.after)),
    ];
    for deviation in &preview.reasons_needed {
        lines.push(format!(
            "Raison requise (art. {}) : donnez-la avec --reason ; elle est consignée au journal.",
            deviation.article()
        ));
    }
    if preview.uses.is_empty() {
        lines.push("Aucune utilisation en cours n'est touchée.".into());
        return lines.join("\n");
    }
    lines.push(format!("Utilisations touchées ({}) :", preview.uses.len()));
    for affected in &preview.uses {
        let change = if affected.state_changes {
            format!("{} → {}", state_fr(affected.state_before), state_fr(affected.state_after))
        } else {
            format!("{} (inchangé)", state_fr(affected.state_after))
        };
        let row = vec![
            format!("n° {}", affected.use_id),
            format!("classe {}", affected.class_code),
            affected.audience.label_fr().to_string(),
            affected.year.to_string(),
            change,
        ];
        lines.extend(aligned(&[row], "  "));
        lines.extend(affected.reasons_after.iter().filter(sets_state).map(|r| format!("      {}", reason_line(r))));
    }
    lines.join("\n")
}

pub(super) fn staff_table(everyone: &[Staff]) -> String {
    if everyone.is_empty() {
        return "Aucun membre du personnel inscrit.".into();
    }
    let mut rows = vec![vec!["n°".into(), "nom".into(), "courriel".into()]];
    rows.extend(everyone.iter().map(|s| vec![s.id.to_string(), s.name.clone(), s.email.clone()]));
    aligned(&rows, "").join("\n")
}

pub(super) fn teachers_fr(class: &Class) -> String {
    class.teachers.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ")
}

pub(super) fn class_summary(class: &Class) -> String {
    let level = if class.level.is_empty() { String::new() } else { format!(", niveau {}", class.level) };
    format!("{} ({}){level} ; {}", class.code, class.year, teachers_fr(class))
}

pub(super) fn class_table(year: SchoolYear, classes: &[Class]) -> String {
    if classes.is_empty() {
        return format!("Aucune classe pour l'année scolaire {year}.");
    }
    let mut rows = vec![vec!["classe".into(), "niveau".into(), "enseignant·es".into()]];
    rows.extend(classes.iter().map(|c| vec![c.code.clone(), c.level.clone(), teachers_fr(c)]));
    aligned(&rows, "").join("\n")
}

pub(super) fn attachment_fr(document: &AttachmentMeta) -> String {
    format!("{} (pièce n° {})", document.original_name, document.id)
}

/// One use as a short sheet: what it is, what has been recorded, its state and why.
pub(super) fn use_sheet(view: &UseView) -> Vec<String> {
    let u = &view.platform_use;
    let mut lines = vec![format!(
        "Utilisation n° {} : classe {} ({}), {} pour les {}, depuis le {}",
        u.id,
        u.class_code,
        u.year,
        u.platform,
        u.audience.label_fr(),
        u.started_on
    )];
    let staff: Vec<&str> = view.staff.iter().map(|s| s.name.as_str()).collect();
    let whose = if view.staff_from_class { " (enseignant·es de la classe)" } else { "" };
    let staff = if staff.is_empty() { "aucun·e".to_string() } else { staff.join(", ") };
    lines.push(format!("  Membre(s) du personnel : {staff}{whose}"));
    if let Some(authorization) = &u.authorization {
        let letter = authorization.document.as_ref().map(|d| format!(", lettre : {}", attachment_fr(d)));
        // Note de service of 25 August 2025, footnote 1.
        let prior = if authorization.prior_use { ", utilisait déjà la plateforme l'année précédente" } else { "" };
        lines.push(format!(
            "  Autorisation de la direction : le {}, par {}{}{prior}",
            authorization.on,
            authorization.by,
            letter.unwrap_or_default()
        ));
    }
    if let Some(on) = u.committee_validated_on {
        lines.push(format!("  Comité de sécurité : validé le {on}"));
    }
    if let Some(document) = &u.presentation.document {
        let mut text = format!("  Document de présentation : {}", attachment_fr(document));
        if let Some(validation) = &u.presentation.validation {
            text.push_str(&format!(", validé le {} par {}", validation.on, validation.by));
        }
        if let Some(sent) = u.presentation.sent_on {
            text.push_str(&format!(", transmis le {sent}"));
        }
        lines.push(text);
    }
    match u.ended_on {
        Some(ended) if !view.active => lines.push(format!("  Terminée le {ended}")),
        Some(ended) => lines.push(format!("  Fin prévue le {ended}")),
        None => {}
    }
    lines.push(format!("  État : {}", state_fr(view.assessment.state)));
    let reasons = &view.assessment.reasons;
    lines.extend(reasons.iter().filter(sets_state).map(|r| format!("  {}", reason_line(r))));
    let notes: Vec<&Reason> = reasons.iter().filter(|r| !sets_state(r)).collect();
    if !notes.is_empty() {
        lines.push("  À retenir :".into());
        lines.extend(notes.iter().map(|r| format!("    {}", reason_line(r))));
    }
    lines
}

pub(super) fn use_table(views: &[UseView]) -> String {
    if views.is_empty() {
        return "Aucune utilisation inscrite.".into();
    }
    let mut rows =
        vec![vec!["n°".into(), "classe".into(), "plateforme".into(), "pour".into(), "depuis".into(), "état".into()]];
    rows.extend(views.iter().map(|v| {
        let u = &v.platform_use;
        let state = match u.ended_on {
            Some(ended) if !v.active => format!("terminée le {ended}"),
            _ => state_fr(v.assessment.state).to_string(),
        };
        vec![
            u.id.to_string(),
            u.class_code.clone(),
            u.platform.clone(),
            u.audience.label_fr().into(),
            u.started_on.to_string(),
            state,
        ]
    }));
    let lines = aligned(&rows, "");
    let mut out = vec![lines[0].clone()];
    for (line, view) in lines[1..].iter().zip(views) {
        out.push(line.clone());
        if view.active {
            out.extend(view.assessment.reasons.iter().filter(sets_state).map(|r| format!("    {}", reason_line(r))));
        }
    }
    out.join("\n")
}

pub(super) fn warning_lines(warnings: &[OnePlatformWarning], indent: &str) -> Vec<String> {
    warnings
        .iter()
        .flat_map(|w| w.reasons.iter().map(move |r| format!("{indent}classe {} : {}", w.class_code, reason_line(r))))
        .collect()
}

pub(super) fn infraction_summary(i: &Infraction) -> String {
    let state = match i.resolved_on {
        Some(on) if i.resolution.is_empty() => format!("résolue le {on}"),
        Some(on) => format!("résolue le {on} ({})", i.resolution),
        None => "ouverte".into(),
    };
    format!("n° {}, classe {}, {}, constatée le {} ; {state}", i.id, i.class_code, i.platform, i.found_on)
}

pub(super) fn infraction_rows(infractions: &[Infraction], indent: &str) -> Vec<String> {
    let mut rows = vec![vec!["n°".into(), "classe".into(), "plateforme".into(), "constatée le".into(), "suivi".into()]];
    rows.extend(infractions.iter().map(|i| {
        let state = match i.resolved_on {
            Some(on) => format!("résolue le {on}"),
            None => "ouverte".into(),
        };
        vec![i.id.to_string(), i.class_code.clone(), i.platform.clone(), i.found_on.to_string(), state]
    }));
    aligned(&rows, indent)
}

pub(super) fn infraction_table(year: SchoolYear, open_only: bool, infractions: &[Infraction]) -> String {
    if infractions.is_empty() {
        let which = if open_only { "ouverte" } else { "consignée" };
        return format!("Aucune infraction {which} pour l'année scolaire {year}.");
    }
    infraction_rows(infractions, "").join("\n")
}

pub(super) fn class_sheet(detail: &ClassDetail) -> String {
    let mut lines = vec![format!("Classe {}", class_summary(&detail.class)), format!("Au {}", detail.as_of)];
    if detail.uses.is_empty() {
        lines.push(String::new());
        lines.push("Aucune plateforme inscrite.".into());
    }
    for view in &detail.uses {
        lines.push(String::new());
        lines.extend(use_sheet(view));
    }
    if !detail.warnings_one_platform.is_empty() {
        lines.push(String::new());
        lines.push("Une seule plateforme par groupe (art. 5.2) :".into());
        lines.extend(warning_lines(&detail.warnings_one_platform, "  "));
    }
    lines.push(String::new());
    if detail.infractions.is_empty() {
        lines.push("Aucune infraction.".into());
    } else {
        lines.push("Infractions :".into());
        lines.extend(infraction_rows(&detail.infractions, "  "));
    }
    lines.join("\n")
}

pub(super) fn finding_lines(title: &str, findings: &[UseFinding], lines: &mut Vec<String>) {
    if findings.is_empty() {
        lines.push(format!("{title} : aucune"));
        return;
    }
    lines.push(format!("{title} ({}) :", findings.len()));
    for f in findings {
        let row = vec![
            format!("n° {}", f.use_id),
            format!("classe {}", f.class_code),
            f.platform.clone(),
            f.audience.label_fr().into(),
        ];
        lines.extend(aligned(&[row], "  "));
        lines.extend(f.reasons.iter().map(|r| format!("      {}", reason_line(r))));
    }
}

pub(super) fn dashboard_text(board: &Dashboard) -> String {
    let mut lines = vec![format!("Tableau de bord {}, au {}", board.year, board.as_of), String::new()];
    if board.classes_without_platform.is_empty() {
        lines.push("Classes sans plateforme : aucune".into());
    } else {
        lines.push(format!("Classes sans plateforme ({}) :", board.classes_without_platform.len()));
        for c in &board.classes_without_platform {
            lines.extend(c.reasons.iter().map(|r| format!("  classe {} : {}", c.class_code, reason_line(r))));
        }
    }
    finding_lines("Utilisations non conformes", &board.uses_non_conformes, &mut lines);
    finding_lines("Utilisations pas prêtes", &board.uses_pas_pretes, &mut lines);
    if board.warnings_one_platform.is_empty() {
        lines.push("Groupes à plusieurs plateformes : aucun".into());
    } else {
        lines.push(format!("Groupes à plusieurs plateformes ({}) :", board.warnings_one_platform.len()));
        lines.extend(warning_lines(&board.warnings_one_platform, "  "));
    }
    if board.open_infractions.is_empty() {
        lines.push("Infractions ouvertes : aucune".into());
    } else {
        lines.push(format!("Infractions ouvertes ({}) :", board.open_infractions.len()));
        for i in &board.open_infractions {
            lines.push(format!(
                "  n° {}  classe {}  {}  constatée le {}",
                i.infraction_id, i.class_code, i.platform, i.found_on
            ));
            lines.extend(i.reasons.iter().map(|r| format!("      {}", reason_line(r))));
        }
    }
    if let Some(d) = &board.deletions {
        // Directive 5.9: shown from 1 June, or whenever something is overdue.
        lines.push(format!(
            "Suppressions de fin d'année (au plus tard le {}) : {} confirmée(s) sur {} (dont {} confirmée(s) en retard), {} à faire, {} attestation(s) imprimée(s), {} EN RETARD",
            d.deadline, d.confirmee, d.total, d.confirmee_en_retard, d.a_faire, d.attestation_imprimee, d.en_retard
        ));
    }
    lines.join("\n")
}
