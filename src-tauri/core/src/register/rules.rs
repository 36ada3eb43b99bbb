//! The Directive's rules over one platform use, as pure functions of plain values and a given
//! day: one overall state (conforme, pas prête, non conforme) with the reasons and their articles.
//! The class sheet, `use list`, the preview of a catalogue change and the dashboard all read these.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::platform::{Audience, Deviation, Platform, PlatformStatus};
use super::platform_use::PlatformUse;
use crate::year::SchoolYear;

/// A use's overall state; the order is the order of gravity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UseState {
    Conforme,
    PasPrete,
    NonConforme,
}

/// What a reason does to the state: the first two set it; a warning or advice only informs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Advice,
    Warning,
    PasPrete,
    NonConforme,
}

/// One reason, with the article it comes from and a stable `code` the interface may branch on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub article: &'static str,
    pub severity: Severity,
    pub text_fr: String,
    pub text_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub state: UseState,
    pub reasons: Vec<Reason>,
}

/// What the catalogue asks of a use on a given day (Directive art. 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Approved for this audience: nothing to record under art. 4.
    None,
    /// Tolerated until this day: the principal's permission is enough (note de service, footnote 1).
    Permission { until: NaiveDate },
    /// The principal's written authorization, validated with the security committee.
    Authorization(WhyAuthorization),
    /// Cannot be used at all; follow up as an infraction.
    Prohibited,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhyAuthorization {
    /// The platform is not approved by the CSSPB.
    NotApproved,
    /// Approved or tolerated, but not for this audience (Teams and Classroom are for students).
    AudienceNotApproved,
    /// The tolerance ended on this day, on or before the day looked at.
    ToleranceEnded { until: NaiveDate },
}

/// A class with more than one active platform for the same audience (Directive 5.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OnePlatformWarning {
    pub class_id: i64,
    pub class_code: String,
    pub audience: Audience,
    pub platforms: Vec<String>,
    pub reasons: Vec<Reason>,
}

/// The state of one use on `today`, and why.
///
/// A use that starts later is judged on the day it starts: a tolerance that ends before a use
/// begins does not cover it.
pub fn assess(use_: &PlatformUse, platform: &Platform, today: NaiveDate) -> Assessment {
    let on = today.max(use_.started_on);
    let mut reasons = Vec::new();
    if platform.outside_directive && platform.status != PlatformStatus::Prohibited {
        // Directive 3: it does not apply to professional e-mail.
        reasons.push(reason(
            "outside_directive",
            "3",
            Severity::Advice,
            format!("{} est hors du champ de la Directive (art. 3) : aucune condition à remplir.", platform.name),
            format!("{} is outside the Directive's scope (art. 3): no condition to meet.", platform.name),
        ));
        deviation_warnings(platform, &mut reasons);
        return finish(reasons);
    }
    match requirement(platform, use_.audience, on) {
        Requirement::Prohibited => {
            reasons.push(prohibited(platform));
            return finish(reasons);
        }
        Requirement::None => {}
        Requirement::Permission { until } => permission_reasons(use_, platform, until, &mut reasons),
        Requirement::Authorization(why) => authorization_reasons(use_, platform, why, &mut reasons),
    }
    presentation_reasons(use_, &mut reasons);
    advice(use_, platform, &mut reasons);
    finish(reasons)
}

/// What art. 4 asks of a use of `platform` for `audience` on day `on`.
pub fn requirement(platform: &Platform, audience: Audience, on: NaiveDate) -> Requirement {
    match (platform.status, platform.tolerated_until) {
        (PlatformStatus::Prohibited, _) => Requirement::Prohibited,
        (PlatformStatus::AuthorizationRequired, _) | (PlatformStatus::Tolerated, None) => {
            Requirement::Authorization(WhyAuthorization::NotApproved)
        }
        // Past its date a tolerated platform is like any platform the CSSPB has not approved (art. 4).
        (PlatformStatus::Tolerated, Some(until)) if on > until => {
            Requirement::Authorization(WhyAuthorization::ToleranceEnded { until })
        }
        _ if !platform.serves(audience) => Requirement::Authorization(WhyAuthorization::AudienceNotApproved),
        (PlatformStatus::Tolerated, Some(until)) => Requirement::Permission { until },
        (PlatformStatus::Approved, _) => Requirement::None,
    }
}

/// Directive 5.2: one warning per class and audience with more than one platform in use on `as_of`.
/// Uses outside the Directive (professional e-mail, art. 3) are not counted.
pub fn one_platform_warnings(uses: &[(&PlatformUse, &Platform)], as_of: NaiveDate) -> Vec<OnePlatformWarning> {
    let mut groups: BTreeMap<(String, i64, Audience), Vec<String>> = BTreeMap::new();
    for (use_, platform) in uses {
        if use_.is_active(as_of) && !platform.outside_directive {
            let key = (use_.class_code.clone(), use_.class_id, use_.audience);
            groups.entry(key).or_default().push(platform.name.clone());
        }
    }
    groups
        .into_iter()
        .filter_map(|((class_code, class_id, audience), mut platforms)| {
            platforms.sort();
            platforms.dedup();
            (platforms.len() > 1).then(|| {
                let list = platforms.join(", ");
                let reasons = vec![reason(
                    "one_platform",
                    "5.2",
                    Severity::Warning,
                    format!(
                        "{} plateformes pour les {} ({list}) : une seule plateforme par groupe-classe doit être privilégiée (art. 5.2).",
                        platforms.len(),
                        audience.label_fr()
                    ),
                    format!(
                        "{} platforms for the {} ({list}): one platform per class should be favoured (art. 5.2).",
                        platforms.len(),
                        audience.label_en()
                    ),
                )];
                OnePlatformWarning { class_id, class_code, audience, platforms, reasons }
            })
        })
        .collect()
}

/// The overall state the reasons give: the gravest one.
pub fn state_of(reasons: &[Reason]) -> UseState {
    match reasons.iter().map(|r| r.severity).max() {
        Some(Severity::NonConforme) => UseState::NonConforme,
        Some(Severity::PasPrete) => UseState::PasPrete,
        _ => UseState::Conforme,
    }
}

fn finish(reasons: Vec<Reason>) -> Assessment {
    Assessment { state: state_of(&reasons), reasons }
}

fn reason(code: &'static str, article: &'static str, severity: Severity, text_fr: String, text_en: String) -> Reason {
    Reason { code, article, severity, text_fr, text_en }
}

// Directive 4: Facebook, Messenger and personal accounts are prohibited; SMS by the note de service.
fn prohibited(platform: &Platform) -> Reason {
    reason(
        "prohibited",
        "4",
        Severity::NonConforme,
        format!(
            "{} est proscrite (art. 4) : cesser de l'utiliser, supprimer le groupe, la conversation ou le compte, et consigner une infraction.",
            platform.name
        ),
        format!(
            "{} is prohibited (art. 4): stop using it, delete the group, conversation or account, and record an infraction.",
            platform.name
        ),
    )
}

// Note de service of 25 August 2025, footnote 1: tolerated « pour celles et ceux qui
// l'utilisaient déjà, avec la permission de la direction ». A permission that does not say the
// staff member already used the platform the year before covers no one: a new user is refused.
fn permission_reasons(use_: &PlatformUse, platform: &Platform, until: NaiveDate, reasons: &mut Vec<Reason>) {
    if let Some(authorization) = use_.authorization.as_ref().filter(|a| !a.prior_use) {
        let before = previous_year(use_.year);
        reasons.push(reason(
            "tolerated_new_user",
            "4",
            Severity::NonConforme,
            format!(
                "{} n'est tolérée jusqu'au {until} que « pour celles et ceux qui l'utilisaient déjà » (note de service du 25 août 2025, note 1) : la permission du {} ne dit pas que le membre du personnel utilisait déjà {} en {before}. Un nouvel utilisateur n'est pas couvert ; le CSSPB a convenu de ne plus l'utiliser (art. 4 ; note de service du 25 août 2025).",
                platform.name, authorization.on, platform.name
            ),
            format!(
                "{} is tolerated until {until} only « for those who already used it » (memo of 25 August 2025, footnote 1): the permission of {} does not say the staff member already used {} in {before}. A new user is not covered; the CSSPB decided to stop using it (art. 4; memo of 25 August 2025).",
                platform.name, authorization.on, platform.name
            ),
        ));
    }
    if use_.authorization.is_none() {
        reasons.push(reason(
            "permission_missing",
            "4",
            Severity::NonConforme,
            format!(
                "{} est tolérée jusqu'au {until}, pour le personnel qui l'utilisait déjà et avec la permission de la direction : permission non consignée (art. 4 ; note de service du 25 août 2025).",
                platform.name
            ),
            format!(
                "{} is tolerated until {until}, for staff who already used it and with the principal's permission: permission not recorded (art. 4; memo of 25 August 2025).",
                platform.name
            ),
        ));
    }
    reasons.push(reason(
        "tolerated_until",
        "4",
        Severity::Advice,
        format!(
            "Tolérée jusqu'au {until} seulement : prévoir une plateforme approuvée pour la suite (art. 4 ; note de service du 25 août 2025)."
        ),
        format!("Tolerated until {until} only: plan an approved platform afterwards (art. 4; memo of 25 August 2025)."),
    ));
}

// Directive 4: another platform needs the principal's written authorization, validated with the
// CSSPB's security committee.
fn authorization_reasons(use_: &PlatformUse, platform: &Platform, why: WhyAuthorization, reasons: &mut Vec<Reason>) {
    let mut missing = Vec::new();
    match &use_.authorization {
        None => missing.push(reason(
            "authorization_missing",
            "4",
            Severity::NonConforme,
            "Autorisation écrite de la direction non consignée (date, signataire, lettre jointe) (art. 4).".into(),
            "The principal's written authorization is not recorded (date, signatory, attached letter) (art. 4).".into(),
        )),
        Some(authorization) if authorization.document.is_none() => missing.push(reason(
            "authorization_document_missing",
            "4",
            Severity::NonConforme,
            format!(
                "Autorisation du {} consignée sans la lettre : joindre l'autorisation écrite (art. 4).",
                authorization.on
            ),
            format!(
                "Authorization of {} recorded without the letter: attach the written authorization (art. 4).",
                authorization.on
            ),
        )),
        Some(_) => {}
    }
    if use_.committee_validated_on.is_none() {
        missing.push(reason(
            "committee_validation_missing",
            "4",
            Severity::NonConforme,
            "Validation par le comité de sécurité du CSSPB non consignée (art. 4).".into(),
            "Validation by the CSSPB's security committee not recorded (art. 4).".into(),
        ));
    }
    if missing.is_empty() {
        return;
    }
    let name = &platform.name;
    let context = match why {
        WhyAuthorization::NotApproved => None,
        WhyAuthorization::AudienceNotApproved => {
            let approved: Vec<&str> = platform.audiences.iter().map(|a| a.label_fr()).collect();
            let approved_en: Vec<&str> = platform.audiences.iter().map(|a| a.label_en()).collect();
            Some(reason(
                "audience_not_approved",
                "4",
                Severity::NonConforme,
                format!(
                    "{name} est prévue pour les {} seulement : pour les {}, une autorisation écrite est requise (art. 4).",
                    approved.join(" et les "),
                    use_.audience.label_fr()
                ),
                format!(
                    "{name} is meant for {} only: for {}, a written authorization is required (art. 4).",
                    approved_en.join(" and "),
                    use_.audience.label_en()
                ),
            ))
        }
        WhyAuthorization::ToleranceEnded { until } => Some(reason(
            "tolerance_ended",
            "4",
            Severity::NonConforme,
            format!(
                "La tolérance de {name} a pris fin le {until} : une autorisation écrite, validée par le comité de sécurité, est requise (art. 4)."
            ),
            format!("The tolerance of {name} ended on {until}: a written authorization, validated by the security committee, is required (art. 4)."),
        )),
    };
    reasons.extend(context);
    reasons.extend(missing);
}

// Directive 5.1: before use, a document presenting the platform, validated by the principal, sent
// to the parents. The validation keeps the document's SHA-256, so a later change shows.
fn presentation_reasons(use_: &PlatformUse, reasons: &mut Vec<Reason>) {
    let presentation = &use_.presentation;
    if presentation.document.is_none() {
        reasons.push(reason(
            "presentation_document_missing",
            "5.1",
            Severity::PasPrete,
            "Document de présentation de la plateforme aux parents non joint (art. 5.1).".into(),
            "Document presenting the platform to parents not attached (art. 5.1).".into(),
        ));
    }
    match (&presentation.validation, &presentation.document) {
        (None, _) => reasons.push(reason(
            "presentation_not_validated",
            "5.1",
            Severity::PasPrete,
            "Document de présentation non validé par la direction (art. 5.1).".into(),
            "Presentation document not validated by the principal (art. 5.1).".into(),
        )),
        (Some(validation), Some(document)) if validation.sha256 != document.sha256 => reasons.push(reason(
            "presentation_changed",
            "5.1",
            Severity::PasPrete,
            format!(
                "Le document de présentation a changé depuis sa validation du {} : le faire valider de nouveau (art. 5.1).",
                validation.on
            ),
            format!(
                "The presentation document changed after its validation of {}: have it validated again (art. 5.1).",
                validation.on
            ),
        )),
        _ => {}
    }
    if presentation.sent_on.is_none() {
        reasons.push(reason(
            "presentation_not_sent",
            "5.1",
            Severity::PasPrete,
            "Document de présentation non transmis aux parents (art. 5.1).".into(),
            "Presentation document not sent to parents (art. 5.1).".into(),
        ));
    }
}

/// The school year before `year` (a tolerance covers those who used the platform then).
fn previous_year(year: SchoolYear) -> SchoolYear {
    SchoolYear::of(year.first_day().pred_opt().expect("a day before 1 July"))
}

// Directive 5.9 and 3 name the platforms they exempt or leave out; the catalogue may differ only
// with a reason, and every use of such a platform says so.
fn deviation_warnings(platform: &Platform, reasons: &mut Vec<Reason>) {
    for deviation in platform.deviations() {
        let why = platform.reason_of(deviation).unwrap_or("non consignée");
        let why_en = platform.reason_of(deviation).unwrap_or("not recorded");
        let name = &platform.name;
        reasons.push(match deviation {
            Deviation::Deletion => reason(
                "deletion_exempted",
                "5.9",
                Severity::Warning,
                format!(
                    "L'art. 5.9 n'exempte de la suppression de fin d'année que Mozaïk-Portail, Portail Parents et Clic École ; le catalogue l'a retirée pour {name} (raison : {why})."
                ),
                format!(
                    "Art. 5.9 exempts only Mozaïk-Portail, Portail Parents and Clic École from the end-of-year deletion; the catalogue took it off {name} (reason: {why_en})."
                ),
            ),
            Deviation::OutsideDirective => reason(
                "outside_declared",
                "3",
                Severity::Warning,
                format!(
                    "L'art. 3 ne laisse hors de la Directive que le courriel professionnel ; le catalogue y a mis {name} (raison : {why})."
                ),
                format!(
                    "Art. 3 leaves only professional e-mail outside the Directive; the catalogue put {name} there (reason: {why_en})."
                ),
            ),
        });
    }
}

fn advice(use_: &PlatformUse, platform: &Platform, reasons: &mut Vec<Reason>) {
    deviation_warnings(platform, reasons);
    // Directive 5.4: the full name is allowed only behind an institutional account.
    if !platform.institutional_account {
        reasons.push(reason(
            "first_name_and_avatar",
            "5.4",
            Severity::Advice,
            format!(
                "Prénom seulement et avatar : sur {}, identifier les élèves par leur prénom uniquement et au moyen d'un avatar (art. 5.4).",
                platform.name
            ),
            format!("First name only and avatar: on {}, identify students by first name only and with an avatar (art. 5.4).", platform.name),
        ));
    }
    // Directive 5.9: every platform but Mozaïk-Portail, Portail Parents and Clic École.
    if platform.end_of_year_deletion {
        let deadline = use_.year.last_day();
        reasons.push(reason(
            "end_of_year_deletion",
            "5.9",
            Severity::Advice,
            format!(
                "Au plus tard le {deadline}, supprimer les renseignements et documents sur la plateforme et le confirmer par écrit à la direction (art. 5.9)."
            ),
            format!("By {deadline}, delete the information and documents on the platform and confirm it in writing to the principal (art. 5.9)."),
        ));
    }
}
