//! Social-media spaces on the command line (issue 17; seed 003): `balise space add|list|show|
//! print|send|decide|admin|condition|member`. Each one call into `balise_core::spaces`.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Subcommand;

use balise_core::attachment::NewAttachment;
use balise_core::export::Existing;
use balise_core::forms::templates_text::demande_espace;
use balise_core::spaces::{self, ConsentBy, MemberDraft, Space, SpaceDraft, SpaceStatus};
use balise_core::text::{parse_date, Field};
use balise_core::Error;

use super::register::YearArg;
use super::Cli;

#[derive(Subcommand)]
pub(super) enum SpaceCommand {
    /// Inscrit une demande de création d'un espace de média social (brouillon).
    Add {
        /// Le nom de l'espace.
        #[arg(long, value_name = "NOM")]
        name: String,
        /// google, linkedin, facebook, instagram, youtube, x ou autre.
        #[arg(long, value_name = "PLATEFORME")]
        platform: String,
        /// Le nom de la plateforme, pour « autre ».
        #[arg(long, value_name = "NOM", default_value = "")]
        other: String,
        /// Le type d'utilisation (partage d'information, espace de discussion…).
        #[arg(long, value_name = "TEXTE", default_value = "")]
        use_type: String,
        /// consultation (sans adhésion), 13 (adhésion, consentement parental) ou 14 (adhésion,
        /// consentement de l'élève ou parental).
        #[arg(long, value_name = "NIVEAU")]
        access: String,
        /// Contenu envisagé en lien avec le projet éducatif.
        #[arg(long, value_name = "TEXTE", default_value = "")]
        content: String,
        /// Moyens déployés pour l'administration efficace de l'espace.
        #[arg(long, value_name = "TEXTE", default_value = "")]
        administration: String,
        /// Moyens de diffusion, de formation et d'encadrement.
        #[arg(long, value_name = "TEXTE", default_value = "")]
        training: String,
        /// Moyens de vigie.
        #[arg(long, value_name = "TEXTE", default_value = "")]
        monitoring: String,
        /// Nom et coordonnées de la personne responsable.
        #[arg(long, value_name = "TEXTE", default_value = "")]
        responsible: String,
    },
    /// Les demandes de l'année.
    List {
        #[command(flatten)]
        year: YearArg,
    },
    /// Une demande : son état, ses administrateurs, les conditions cochées, ses membres.
    Show { id: i64 },
    /// Imprime la demande remplie (annexe A de la politique) en PDF.
    Print {
        id: i64,
        #[arg(short, long, value_name = "FICHIER.pdf")]
        output: PathBuf,
    },
    /// Consigne l'envoi de la demande au centre de services.
    Send {
        id: i64,
        /// Date de l'envoi (AAAA-MM-JJ ; par défaut, aujourd'hui).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Consigne la décision de la direction générale : acceptee ou refusee, avec la décision
    /// signée numérisée.
    Decide {
        id: i64,
        /// acceptee ou refusee.
        #[arg(value_name = "DECISION")]
        decision: String,
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long, value_name = "FICHIER")]
        scan: Option<PathBuf>,
    },
    /// Désigne un membre du personnel comme administrateur de l'espace (art. 6).
    Admin {
        id: i64,
        #[arg(long, value_name = "NOM")]
        staff: String,
    },
    /// Coche une condition des articles 6 à 9 (sa clé, voir « space show »).
    Condition {
        id: i64,
        #[arg(value_name = "CLE")]
        key: String,
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Inscrit un élève membre d'un espace accepté, avec le consentement écrit que son âge
    /// demande (13 ans : parent ; 14 ans et plus : l'élève ou un parent).
    Member {
        id: i64,
        /// L'élève : fiche, code permanent ou « Nom, Prénom ».
        #[arg(long, value_name = "ELEVE")]
        student: String,
        /// parent ou eleve.
        #[arg(long, value_name = "QUI")]
        consent_by: String,
        /// Date du consentement écrit (AAAA-MM-JJ).
        #[arg(long, value_name = "DATE")]
        consent_on: String,
        /// Qui a signé le consentement.
        #[arg(long, value_name = "NOM")]
        signer: String,
    },
}

impl Cli {
    pub(super) fn space(&self, command: SpaceCommand) -> Result<i32, Error> {
        let mut store = self.open()?;
        let db = &mut store.db;
        let today = db.clock().today();
        let day =
            |field, text: Option<String>| text.map(|t| parse_date(field, &t)).transpose().map(|d| d.unwrap_or(today));
        let space = match command {
            SpaceCommand::Add {
                name,
                platform,
                other,
                use_type,
                access,
                content,
                administration,
                training,
                monitoring,
                responsible,
            } => spaces::add(
                db,
                &SpaceDraft {
                    name,
                    platform,
                    platform_other: other,
                    use_type,
                    access_level: access,
                    content,
                    administration,
                    training,
                    monitoring,
                    responsible,
                },
            )?,
            SpaceCommand::List { year } => {
                let list = spaces::list(db, year.resolve(db)?)?;
                return self.print(&list, || {
                    if list.is_empty() {
                        return "Aucune demande d'espace.".into();
                    }
                    list.iter().map(line).collect::<Vec<_>>().join("\n")
                });
            }
            SpaceCommand::Show { id } => spaces::get(db, id)?,
            SpaceCommand::Print { id, output } => {
                let path = spaces::print_request(db, id, &output, Existing::Refuse)?;
                let space = spaces::get(db, id)?;
                return self.print(&space, || {
                    format!(
                        "Demande n° {id} imprimée (formulaire {}) : {}",
                        space.number.as_deref().unwrap_or("?"),
                        path.display()
                    )
                });
            }
            SpaceCommand::Send { id, date } => spaces::send(db, id, day(Field::SentOn, date)?)?,
            SpaceCommand::Decide { id, decision, date, scan } => {
                let accepted = match balise_core::text::fold(&decision).as_str() {
                    "acceptee" | "accepte" | "accepted" => true,
                    "refusee" | "refuse" | "refused" => false,
                    _ => {
                        eprintln!("balise : décision inconnue « {decision} » : écrivez acceptee ou refusee ; rien n'a été enregistré.");
                        return Ok(2);
                    }
                };
                let scan = scan.map(|p| NewAttachment::read_file(&p)).transpose()?;
                spaces::decide(db, id, accepted, day(Field::AnsweredOn, date)?, scan.as_ref())?
            }
            SpaceCommand::Admin { id, staff } => spaces::add_admin(db, id, &staff)?,
            SpaceCommand::Condition { id, key, date } => {
                spaces::tick_condition(db, id, &key, day(Field::ValidatedOn, date)?)?
            }
            SpaceCommand::Member { id, student, consent_by, consent_on, signer } => {
                let year = spaces::get(db, id)?.year;
                let student_id = balise_core::access::find_student(db, year, &student)?;
                spaces::add_member(
                    db,
                    id,
                    &MemberDraft {
                        student_id,
                        consent_by: ConsentBy::parse(&consent_by)?,
                        consent_on: parse_date(Field::ReceivedOn, &consent_on)?,
                        signer,
                        joined_on: None,
                    },
                )?
            }
        };
        self.print(&space, || detail(&space))
    }
}

/// « n° 3  Les Bleuets en action (meta_instagram) — acceptée le 2025-10-17 ».
fn line(s: &Space) -> String {
    let when = match s.status {
        SpaceStatus::Brouillon => String::new(),
        SpaceStatus::Envoyee => s.sent_on.map(|d| format!(" le {d}")).unwrap_or_default(),
        SpaceStatus::Acceptee | SpaceStatus::Refusee => s.decided_on.map(|d| format!(" le {d}")).unwrap_or_default(),
    };
    format!("n° {:<4} {} ({}) — {}{when}", s.id, s.name, s.platform, s.status.label_fr())
}

fn detail(s: &Space) -> String {
    let mut text = line(s);
    let _ = write!(text, "\n  Accès : {}", s.access_level.label());
    let admins = if s.admins.is_empty() { "aucun (à désigner, art. 6)".into() } else { s.admins.join(", ") };
    let _ = write!(text, "\n  Administrateurs : {admins}");
    let _ =
        write!(text, "\n  Conditions (art. 6 à 9) : {} sur {}", s.conditions.len(), demande_espace::CONDITIONS.len());
    for (key, _) in demande_espace::CONDITIONS {
        let met = s
            .conditions
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, on)| format!("[x] {on}"))
            .unwrap_or_else(|| "[ ]".into());
        let _ = write!(text, "\n    {met:<14} {key}");
    }
    if s.members.is_empty() {
        text.push_str("\n  Membres : aucun");
    } else {
        text.push_str("\n  Membres :");
        for m in &s.members {
            let by = match m.consent_by {
                ConsentBy::Parent => "consentement parental",
                ConsentBy::Eleve => "consentement de l'élève",
            };
            let _ = write!(
                text,
                "\n    {:<28} {:<6} depuis le {} ({by}, {} le {})",
                m.name, m.class_code, m.joined_on, m.signer, m.consent_on
            );
        }
    }
    text
}
