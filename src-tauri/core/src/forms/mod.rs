//! The forms Balise prints: the printed form number, the code a scanned page is filed by, the
//! templates of the form engine (the Annexe A and the source documents' other forms, issue 17),
//! and the one rule that turns a parent's two Annexe A answers into what the teacher may do
//! (Directive 5.5 to 5.8).

pub mod code;
pub mod number;
pub mod template;
pub mod templates_text;

pub use number::{FormNumber, FormNumberError};

/// A parent's answer to one question of the Annexe A, as it stands today.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// « Oui » ticked on a returned form.
    Oui,
    /// « Non » ticked, or a consent withdrawn since (Directive 5.8: a withdrawal is a refusal
    /// from the day it is reported).
    Non,
    /// No form returned yet, or the question left blank.
    #[default]
    SansReponse,
}

/// Question 1's no, said as what the teacher must not do: the question covers achievements and
/// photos (Directive 5.5.2), not the student's presence on the platform, which an institutional
/// account gives by design (5.4).
pub const NO_PUBLICATION: &str = "ne publier ni photo ni réalisation de cet élève";
/// Question 2's no: the parents' private space of the platform (Directive 5.6).
pub const NO_PRIVATE_MESSAGE: &str = "pas de message privé aux parents sur la plateforme";
/// Question 1's yes (Directive 5.5).
pub const MAY_PUBLISH: &str = "photos et réalisations publiables";
/// Question 2's yes (Directive 5.6).
pub const MAY_WRITE: &str = "messages privés aux parents permis";
/// A form not back is not a refusal (5.7: a parent refuses by saying so); it is no written
/// consent, which 5.5.3 and 5.6 require, so nothing is allowed yet.
pub const NOT_RETURNED: &str = "formulaire non revenu : pas de consentement écrit (art. 5.5.3, 5.6)";

/// What the staff member may do with one student on one platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Permission {
    /// Personal information about the student (an achievement, a photo) may be shown to the
    /// class, their parents and the platform's manager (Directive 5.5, question 1).
    pub may_show: bool,
    /// Personal information about the student may be sent to the parent in a private space of
    /// the platform (Directive 5.6, question 2).
    pub may_write: bool,
}

impl Permission {
    /// Neither: nothing of the student published, no private message to the parents.
    pub const NOTHING: Permission = Permission { may_show: false, may_write: false };

    /// Whether something is withheld, so the student belongs on the teacher's list of what is
    /// not allowed.
    pub fn is_restricted(self) -> bool {
        !(self.may_show && self.may_write)
    }

    /// What question 1 allows, in the words the sheet, the screens and the command line show.
    pub fn publication_fr(self) -> &'static str {
        if self.may_show {
            MAY_PUBLISH
        } else {
            NO_PUBLICATION
        }
    }

    /// What question 2 allows, in the same words everywhere.
    pub fn private_message_fr(self) -> &'static str {
        if self.may_write {
            MAY_WRITE
        } else {
            NO_PRIVATE_MESSAGE
        }
    }
}

/// What the answers to questions 1 and 2 allow. Only a written yes allows anything: a refusal,
/// a withdrawal and a form not returned yet all count as no (Directive 5.5.3, 5.6, 5.7, 5.8).
/// The class sheet and every screen that says what a teacher may do ask this function.
pub fn allowed(q1: Answer, q2: Answer) -> Permission {
    Permission { may_show: q1 == Answer::Oui, may_write: q2 == Answer::Oui }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::{Non, Oui, SansReponse};

    fn check(q1: Answer, q2: Answer, may_show: bool, may_write: bool) {
        assert_eq!(allowed(q1, q2), Permission { may_show, may_write }, "allowed({q1:?}, {q2:?})");
    }

    #[test]
    fn only_a_written_yes_allows() {
        // q1, q2 → may show to the class, may write privately to the parent.
        check(Oui, Oui, true, true);
        check(Oui, Non, true, false);
        check(Oui, SansReponse, true, false);
        check(Non, Oui, false, true);
        check(Non, Non, false, false);
        check(Non, SansReponse, false, false);
        check(SansReponse, Oui, false, true);
        check(SansReponse, Non, false, false);
        // Directive 5.7: no answer yet counts as no.
        check(SansReponse, SansReponse, false, false);
    }

    #[test]
    fn restricted_means_anything_withheld() {
        assert!(!allowed(Oui, Oui).is_restricted());
        for (q1, q2) in [(Oui, Non), (Non, Oui), (SansReponse, SansReponse), (Oui, SansReponse)] {
            assert!(allowed(q1, q2).is_restricted(), "{q1:?} {q2:?}");
        }
        assert!(Permission::NOTHING.is_restricted());
    }

    /// The words say exactly what is withheld (issue 15, item 3): question 1 covers
    /// achievements and photos (5.5.2), question 2 the parents' private space (5.6).
    #[test]
    fn the_words_say_exactly_what_is_withheld() {
        let table = [
            (Oui, Oui, MAY_PUBLISH, MAY_WRITE, "5.5.3 and 5.6: two written yeses"),
            (Non, Oui, NO_PUBLICATION, MAY_WRITE, "5.7: a refusal of question 1 withholds photos and achievements"),
            (Oui, Non, MAY_PUBLISH, NO_PRIVATE_MESSAGE, "5.7: a refusal of question 2 withholds private messages"),
            (SansReponse, SansReponse, NO_PUBLICATION, NO_PRIVATE_MESSAGE, "5.5.3, 5.6: no written consent"),
        ];
        for (q1, q2, publication, private_message, why) in table {
            let permission = allowed(q1, q2);
            assert_eq!(
                (permission.publication_fr(), permission.private_message_fr()),
                (publication, private_message),
                "{why}"
            );
        }
        assert_eq!(NO_PUBLICATION, "ne publier ni photo ni réalisation de cet élève");
        assert_eq!(NO_PRIVATE_MESSAGE, "pas de message privé aux parents sur la plateforme");
        assert_eq!(NOT_RETURNED, "formulaire non revenu : pas de consentement écrit (art. 5.5.3, 5.6)");
    }
}
