//! The form engine's templates (issue 17): for each form Balise prints, who it is about, who signs
//! it, what it is for, how long it holds, its items and what each answer allows. Templates are
//! data in the code, reviewed like code, not something a school edits. The Annexe A is one of
//! them; the five others come from the source documents (`templates_text` holds their words).
//!
//! The one rule of every template: only a written yes allows. A « non », a box left unticked on a
//! returned form, a form not back and a consent withdrawn all allow nothing (Directive 5.5.3, 5.7
//! and 5.8 for the Annexe A; the annexes say it of their boxes: « cochez si vous êtes d'accord »).

use super::templates_text::{annexe3, annexe4, annexe5, annexe6, demande_espace};
use super::{MAY_PUBLISH, MAY_WRITE, NO_PRIVATE_MESSAGE, NO_PUBLICATION};

/// Which form. The code is what the store keeps (`forms.template`) and what the command line
/// takes; it never changes once a release has used it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateId {
    /// The Directive's Annexe A: one platform use, two Oui/Non questions.
    AnnexeA,
    /// Pratique de gestion TI-07, annexe 3: photos, recordings and productions of a student.
    Photos,
    /// Annexe 4: the same, of an adult, signed by the adult.
    PhotosAdulte,
    /// Annexe 5: a student's participation in a project on a social medium.
    MediaSocial,
    /// Annexe 6: the same, for an adult.
    MediaSocialAdulte,
    /// Politique relative à l'utilisation des médias sociaux, annexe A: the request to create a
    /// social-media space, decided by the director general.
    DemandeEspace,
}

impl TemplateId {
    pub const ALL: [TemplateId; 6] = [
        TemplateId::AnnexeA,
        TemplateId::Photos,
        TemplateId::PhotosAdulte,
        TemplateId::MediaSocial,
        TemplateId::MediaSocialAdulte,
        TemplateId::DemandeEspace,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TemplateId::AnnexeA => "annexe_a",
            TemplateId::Photos => "photos",
            TemplateId::PhotosAdulte => "photos_adulte",
            TemplateId::MediaSocial => "media_social",
            TemplateId::MediaSocialAdulte => "media_social_adulte",
            TemplateId::DemandeEspace => "demande_espace",
        }
    }

    /// The letter a form's QR code names its template by (`forms::code::encode_template`).
    pub fn letter(self) -> char {
        match self {
            TemplateId::AnnexeA => 'A',
            TemplateId::Photos => 'P',
            TemplateId::PhotosAdulte => 'Q',
            TemplateId::MediaSocial => 'M',
            TemplateId::MediaSocialAdulte => 'N',
            TemplateId::DemandeEspace => 'D',
        }
    }

    pub fn parse(code: &str) -> Option<TemplateId> {
        TemplateId::ALL.into_iter().find(|id| id.code() == code.trim())
    }

    pub fn template(self) -> &'static Template {
        match self {
            TemplateId::AnnexeA => &ANNEXE_A,
            TemplateId::Photos => &PHOTOS,
            TemplateId::PhotosAdulte => &PHOTOS_ADULTE,
            TemplateId::MediaSocial => &MEDIA_SOCIAL,
            TemplateId::MediaSocialAdulte => &MEDIA_SOCIAL_ADULTE,
            TemplateId::DemandeEspace => &DEMANDE_ESPACE,
        }
    }
}

/// Who (or what) a form is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A student of the school (identified by name, level and school).
    Student,
    /// An adult: « direction, enseignant, membre du personnel, parent, autre adulte ».
    Adult,
    /// A social-media space: one request per space, not per person.
    Space,
}

/// Who signs the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signer {
    /// A parent or tutor (for the Annexe A, also the student of 14 or more on their own copy,
    /// Directive 5.5.1).
    ParentOrTutor,
    /// The adult the form is about, in the first person.
    TheAdult,
    /// The director general of the school service centre (the request's decision block).
    DirectorGeneral,
}

/// What a form is printed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A class's communication platform (the register's platform use).
    PlatformUse,
    /// A project (title, medium, dates, who takes part), which annexes 3 to 6 list in their table.
    Project,
    /// A social-media space the school asks to create.
    SocialSpace,
}

/// How long a signed form holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// The school year it was printed for (Directive 5.5.3: a consent a year).
    SchoolYear,
    /// The project's own dates, from its start to its end (the annexes' « durée »).
    ProjectDuration,
    /// Until the space is closed: the director general's decision has no end date.
    UntilClosed,
}

/// How an item is answered on paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// « Oui » / « Non », two boxes (the Annexe A). Neither ticked is a blank answer.
    YesNo,
    /// One box, « cochez si vous êtes d'accord »: a box left unticked on a signed, returned form
    /// is a refusal of that item, not a blank.
    TickIfAgreed,
}

/// One authorisation a form asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    /// Stable key (`q1`, `photos`…): answers are stored under it.
    pub key: &'static str,
    pub kind: ItemKind,
    /// The printed wording (`{organisation}` is the organisation's name in Paramètres).
    pub text: &'static str,
    /// What a yes allows, in the words staff read on the class sheet and the screens.
    pub allows: &'static str,
    /// What anything else means: the thing staff must not do.
    pub withheld: &'static str,
}

/// A form: everything the engine needs to print it, read it back and say what it allows.
#[derive(Debug, PartialEq, serde::Serialize)]
pub struct Template {
    pub id: TemplateId,
    /// « Annexe A », « Annexe 3 »…, as the source document numbers it.
    pub annexe: &'static str,
    /// The source document and annexe, as a form's footer cites it.
    pub source: &'static str,
    pub title: &'static str,
    pub subject: Subject,
    pub signer: Signer,
    pub purpose: Purpose,
    pub validity: Validity,
    /// The authorisations asked, in printed order; none for the space request, whose answer is
    /// the director general's decision.
    pub items: &'static [Item],
}

impl Template {
    pub fn item(&self, key: &str) -> Option<&'static Item> {
        self.items.iter().find(|item| item.key == key)
    }
}

/// How one item of one form stands today.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// « Oui » ticked, or the box ticked.
    Yes,
    /// « Non » ticked, the box left unticked on a returned form, or the consent withdrawn since.
    No,
    /// A Yes/No question answered neither way on a returned form.
    Blank,
    /// No form back yet.
    #[default]
    NotReturned,
}

/// What one item's mark allows: a written yes, and nothing else.
pub fn allows(mark: Mark) -> bool {
    mark == Mark::Yes
}

/// What a box read or typed on a returned form means for an item of `kind`: for a « cochez si
/// vous êtes d'accord » box, an empty box is a refusal; for a Yes/No question, a blank.
pub fn mark_of_box(kind: ItemKind, ticked: bool) -> Mark {
    match (kind, ticked) {
        (_, true) => Mark::Yes,
        (ItemKind::TickIfAgreed, false) => Mark::No,
        (ItemKind::YesNo, false) => Mark::Blank,
    }
}

/// The words staff read for one item: what it allows, or what they must not do.
pub fn allowed_words(item: &Item, mark: Mark) -> &'static str {
    if allows(mark) {
        item.allows
    } else {
        item.withheld
    }
}

/// The access level a space request asks for (policy art. 7.1.2, the request's « consultation et
/// adhésion » boxes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessLevel {
    /// « Pour consultation seulement sans adhésion »: students read it; nobody joins.
    Consultation,
    /// « Pour adhésion et rédaction de commentaires possibles – 13 ans avec consentement parental ».
    Adhesion13,
    /// « … – 14 ans et plus avec consentement de l'élève ou parental ».
    Adhesion14,
}

impl AccessLevel {
    pub const ALL: [AccessLevel; 3] = [AccessLevel::Consultation, AccessLevel::Adhesion13, AccessLevel::Adhesion14];

    /// The key of the request's box (`templates_text::demande_espace::ACCESS_LEVELS`).
    pub fn key(self) -> &'static str {
        demande_espace::ACCESS_LEVELS[self as usize].0
    }

    /// The box's printed words.
    pub fn label(self) -> &'static str {
        demande_espace::ACCESS_LEVELS[self as usize].1
    }

    pub fn parse(key: &str) -> Option<AccessLevel> {
        AccessLevel::ALL.into_iter().find(|level| level.key() == key.trim())
    }
}

/// Whether a student may be a member of an accepted space, and on whose consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Membership {
    /// The space is for consultation only: nobody joins it.
    NoMembers,
    /// Too young for this space (under 13; under 14 where the space asks 14 and over).
    TooYoung,
    /// 13: a parent's written consent (policy art. 7.1.2).
    ParentConsent,
    /// 14 and over: the student's own or a parent's written consent.
    StudentOrParentConsent,
}

/// The membership rule of a space at `level` for a student of `age` (full years on the day they
/// would join).
pub fn membership(level: AccessLevel, age: u32) -> Membership {
    match level {
        AccessLevel::Consultation => Membership::NoMembers,
        AccessLevel::Adhesion13 if age < 13 => Membership::TooYoung,
        AccessLevel::Adhesion14 if age < 14 => Membership::TooYoung,
        AccessLevel::Adhesion13 if age == 13 => Membership::ParentConsent,
        AccessLevel::Adhesion13 | AccessLevel::Adhesion14 => Membership::StudentOrParentConsent,
    }
}

/// A yes of annexes 3 and 4 allows this; the words are Balise's summary of the box's text.
const PHOTOS_ALLOWS: &str = "photos individuelles ou de groupe permises";
const PHOTOS_WITHHELD: &str = "aucune photo";
const RECORDINGS_ALLOWS: &str = "enregistrements audio ou vidéo pour les médias permis";
const RECORDINGS_WITHHELD: &str = "aucun enregistrement audio ou vidéo";
const PRODUCTIONS_ALLOWS: &str = "productions reproduites et diffusées, sans contrepartie";
const PRODUCTIONS_WITHHELD: &str = "ne reproduire ni diffuser aucune production";
/// Annexes 5 and 6: the same three boxes, for the project's social medium and the Internet.
const SOCIAL_PHOTOS_ALLOWS: &str = "photos publiées sur le média social du projet";
const SOCIAL_PHOTOS_WITHHELD: &str = "aucune photo sur le média social";
const SOCIAL_RECORDINGS_ALLOWS: &str = "enregistrements audio ou vidéo diffusés sur Internet";
const SOCIAL_RECORDINGS_WITHHELD: &str = "aucun enregistrement audio ou vidéo sur Internet";
const SOCIAL_PRODUCTIONS_ALLOWS: &str = "productions reproduites et diffusées sur Internet, sans contrepartie";
const SOCIAL_PRODUCTIONS_WITHHELD: &str = "ne diffuser aucune production sur Internet";

/// The three boxes of an annexe, in its own words, with what each allows.
const fn boxes(text: &'static [(&'static str, &'static str)], allows: [(&'static str, &'static str); 3]) -> [Item; 3] {
    let kind = ItemKind::TickIfAgreed;
    [
        Item { key: text[0].0, kind, text: text[0].1, allows: allows[0].0, withheld: allows[0].1 },
        Item { key: text[1].0, kind, text: text[1].1, allows: allows[1].0, withheld: allows[1].1 },
        Item { key: text[2].0, kind, text: text[2].1, allows: allows[2].0, withheld: allows[2].1 },
    ]
}

const MEDIA_WORDS: [(&str, &str); 3] = [
    (PHOTOS_ALLOWS, PHOTOS_WITHHELD),
    (RECORDINGS_ALLOWS, RECORDINGS_WITHHELD),
    (PRODUCTIONS_ALLOWS, PRODUCTIONS_WITHHELD),
];
const SOCIAL_WORDS: [(&str, &str); 3] = [
    (SOCIAL_PHOTOS_ALLOWS, SOCIAL_PHOTOS_WITHHELD),
    (SOCIAL_RECORDINGS_ALLOWS, SOCIAL_RECORDINGS_WITHHELD),
    (SOCIAL_PRODUCTIONS_ALLOWS, SOCIAL_PRODUCTIONS_WITHHELD),
];

static PHOTOS_ITEMS: [Item; 3] = boxes(annexe3::ITEMS, MEDIA_WORDS);
static PHOTOS_ADULTE_ITEMS: [Item; 3] = boxes(annexe4::ITEMS, MEDIA_WORDS);
static MEDIA_SOCIAL_ITEMS: [Item; 3] = boxes(annexe5::ITEMS, SOCIAL_WORDS);
static MEDIA_SOCIAL_ADULTE_ITEMS: [Item; 3] = boxes(annexe6::ITEMS, SOCIAL_WORDS);

/// The Annexe A's two questions; their printed wording (three versions: parent, student,
/// English) is in `pdf::annexe_a`.
static ANNEXE_A_ITEMS: [Item; 2] = [
    Item {
        key: "q1",
        kind: ItemKind::YesNo,
        text: "Question 1 : renseignements personnels (réalisations, photos) communiqués à la classe (art. 5.5)",
        allows: MAY_PUBLISH,
        withheld: NO_PUBLICATION,
    },
    Item {
        key: "q2",
        kind: ItemKind::YesNo,
        text: "Question 2 : renseignements personnels transmis aux parents dans leur espace (art. 5.6)",
        allows: MAY_WRITE,
        withheld: NO_PRIVATE_MESSAGE,
    },
];

static ANNEXE_A: Template = Template {
    id: TemplateId::AnnexeA,
    annexe: "Annexe A",
    source: "Directive sur les plateformes de communication, annexe A",
    title: "Formulaire de consentement",
    subject: Subject::Student,
    signer: Signer::ParentOrTutor,
    purpose: Purpose::PlatformUse,
    validity: Validity::SchoolYear,
    items: &ANNEXE_A_ITEMS,
};

static PHOTOS: Template = Template {
    id: TemplateId::Photos,
    annexe: annexe3::ANNEXE,
    source: annexe3::SOURCE,
    title: annexe3::TITLE,
    subject: Subject::Student,
    signer: Signer::ParentOrTutor,
    purpose: Purpose::Project,
    validity: Validity::ProjectDuration,
    items: &PHOTOS_ITEMS,
};

static PHOTOS_ADULTE: Template = Template {
    id: TemplateId::PhotosAdulte,
    annexe: annexe4::ANNEXE,
    source: annexe4::SOURCE,
    title: annexe4::TITLE,
    subject: Subject::Adult,
    signer: Signer::TheAdult,
    purpose: Purpose::Project,
    validity: Validity::ProjectDuration,
    items: &PHOTOS_ADULTE_ITEMS,
};

static MEDIA_SOCIAL: Template = Template {
    id: TemplateId::MediaSocial,
    annexe: annexe5::ANNEXE,
    source: annexe5::SOURCE,
    title: annexe5::TITLE,
    subject: Subject::Student,
    signer: Signer::ParentOrTutor,
    purpose: Purpose::Project,
    validity: Validity::ProjectDuration,
    items: &MEDIA_SOCIAL_ITEMS,
};

static MEDIA_SOCIAL_ADULTE: Template = Template {
    id: TemplateId::MediaSocialAdulte,
    annexe: annexe6::ANNEXE,
    source: annexe6::SOURCE,
    title: annexe6::TITLE,
    subject: Subject::Adult,
    signer: Signer::TheAdult,
    purpose: Purpose::Project,
    validity: Validity::ProjectDuration,
    items: &MEDIA_SOCIAL_ADULTE_ITEMS,
};

static DEMANDE_ESPACE: Template = Template {
    id: TemplateId::DemandeEspace,
    annexe: demande_espace::ANNEXE,
    source: demande_espace::SOURCE,
    title: demande_espace::TITLE,
    subject: Subject::Space,
    signer: Signer::DirectorGeneral,
    purpose: Purpose::SocialSpace,
    validity: Validity::UntilClosed,
    items: &[],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_answers_to_its_code_and_its_codes_are_distinct() {
        for id in TemplateId::ALL {
            assert_eq!(TemplateId::parse(id.code()), Some(id));
            assert_eq!(id.template().id, id, "{id:?} points at its own template");
        }
        let mut codes: Vec<_> = TemplateId::ALL.iter().map(|id| id.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), TemplateId::ALL.len());
        assert_eq!(TemplateId::parse("annexe_b"), None);
    }

    /// The five forms, as the source documents define them: who they are about, who
    /// signs, what for, and the kind of their items.
    #[test]
    fn the_five_forms_say_who_they_are_about_and_who_signs() {
        let table = [
            (TemplateId::Photos, Subject::Student, Signer::ParentOrTutor, Purpose::Project, 3),
            (TemplateId::PhotosAdulte, Subject::Adult, Signer::TheAdult, Purpose::Project, 3),
            (TemplateId::MediaSocial, Subject::Student, Signer::ParentOrTutor, Purpose::Project, 3),
            (TemplateId::MediaSocialAdulte, Subject::Adult, Signer::TheAdult, Purpose::Project, 3),
            (TemplateId::DemandeEspace, Subject::Space, Signer::DirectorGeneral, Purpose::SocialSpace, 0),
            (TemplateId::AnnexeA, Subject::Student, Signer::ParentOrTutor, Purpose::PlatformUse, 2),
        ];
        for (id, subject, signer, purpose, items) in table {
            let t = id.template();
            assert_eq!((t.subject, t.signer, t.purpose, t.items.len()), (subject, signer, purpose, items), "{id:?}");
            let expected_kind = if id == TemplateId::AnnexeA { ItemKind::YesNo } else { ItemKind::TickIfAgreed };
            assert!(t.items.iter().all(|item| item.kind == expected_kind), "{id:?}");
        }
        // The annexes' boxes keep the source's words, the organisation left to fill in.
        let photos = TemplateId::Photos.template();
        assert_eq!(
            photos.title,
            "Autorisation d'utilisation de photos, d'enregistrement audio et vidéo ou de productions d'élèves"
        );
        assert!(photos.item("droits_productions").unwrap().text.starts_with("J'autorise le {organisation} à disposer"));
        assert!(TemplateId::MediaSocialAdulte.template().item("photos").unwrap().text.contains("de moi"));
    }

    /// Only a written yes allows: an unticked « cochez si vous êtes d'accord » box on a returned
    /// form is a refusal; a blank Yes/No question allows nothing either.
    #[test]
    fn only_a_written_yes_allows_and_an_unticked_box_is_a_refusal() {
        assert_eq!(mark_of_box(ItemKind::TickIfAgreed, true), Mark::Yes);
        assert_eq!(mark_of_box(ItemKind::TickIfAgreed, false), Mark::No);
        assert_eq!(mark_of_box(ItemKind::YesNo, false), Mark::Blank);
        for mark in [Mark::No, Mark::Blank, Mark::NotReturned] {
            assert!(!allows(mark), "{mark:?}");
        }
        assert!(allows(Mark::Yes));
        let item = TemplateId::Photos.template().item("photos").unwrap();
        assert_eq!(allowed_words(item, Mark::Yes), "photos individuelles ou de groupe permises");
        assert_eq!(allowed_words(item, Mark::No), "aucune photo");
        // The Annexe A's words are the ones the class sheet already prints.
        let q2 = TemplateId::AnnexeA.template().item("q2").unwrap();
        assert_eq!(allowed_words(q2, Mark::NotReturned), NO_PRIVATE_MESSAGE);
    }

    /// Policy art. 7.1.2 and the request's access levels: nobody joins a consultation space;
    /// under 13 nobody joins; at 13 a parent consents; from 14 the student or a parent.
    #[test]
    fn a_space_admits_members_by_age_and_access_level() {
        use AccessLevel::*;
        use Membership::*;
        let table = [
            (Consultation, 15, NoMembers),
            (Adhesion13, 12, TooYoung),
            (Adhesion13, 13, ParentConsent),
            (Adhesion13, 14, StudentOrParentConsent),
            (Adhesion13, 17, StudentOrParentConsent),
            (Adhesion14, 13, TooYoung),
            (Adhesion14, 14, StudentOrParentConsent),
        ];
        for (level, age, expected) in table {
            assert_eq!(membership(level, age), expected, "{level:?} at {age}");
        }
        assert_eq!(AccessLevel::parse(Adhesion13.key()), Some(Adhesion13));
        assert!(Adhesion14.label().contains("14 ans et plus"));
    }
}
