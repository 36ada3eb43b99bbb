//! The fixed text of the five forms of issue 17, as a printed page shows it, in reading order.
//!
//! Each module is one form. The words are the source document's, transcribed from the OCR'd
//! seeds with their OCR errors corrected (HTML residue, stray bullets, bold markers, a wrongly
//! capitalised word, a missing accent) and nothing else reworded; where the OCR lost a piece of
//! a form, the smallest completion taken from its sibling form is made and said so in a comment
//! beside it.
//!
//! - `annexe3` to `annexe6`: seed `002_666a44154b65586d.txt` (lines 520-660), the CSSMI's
//!   *Pratique de gestion relative à l'utilisation des technologies de l'information et des médias
//!   sociaux (TI-07)*, annexes 3 to 6: the authorisations to use photos, audio and video recordings
//!   or productions (3: a student, signed by a parent or tutor; 4: an adult, signed by the adult)
//!   and to take part in a project on a social medium (5: a student; 6: an adult).
//! - `demande_espace`: seed `003_7878683459b12aee.txt`, the CSSRDN's *Politique relative à
//!   l'utilisation des médias sociaux*: its annexe A (lines 160-186), « Demande d'autorisation de
//!   création d'un espace de média social », and, as `CONDITIONS`, the conditions its articles 6
//!   to 9 (lines 56-138) set on a space, one checklist line each, citing the article.
//!
//! Placeholders the engine fills in:
//!
//! - `{organisation}`: the organisation's name in Paramètres (`css_name`, « Centre de services
//!   scolaire du Pays-des-Bleuets »), where the source names its own board (« la Commission
//!   scolaire de la Seigneurie-des-Mille-Îles (CSSMI) », « la CSSMI », « le CSSRDN »). As in
//!   `pdf::annexe_a` (« j'autorise le {css_name} »), the name is taken as a masculine *centre de
//!   services scolaire*: the article is written before it (le, du) and a participle agreeing with
//!   it is masculine (« s'est doté », where the source's « la CSSMI » had « s'est dotée »).
//! - `{etablissement}`: the school's name in Paramètres, in the page header where the source
//!   leaves a box « LOGO OU NOM DE L'ÉTABLISSEMENT (S'il y a lieu) ».
//! - `{site_medias_sociaux}` (annexes 5 and 6) and `{courriel_communications}` (annexe A): the
//!   web address and the e-mail address of the source's board, which no setting holds today. The
//!   engine fills them in, or prints the sentence without them; the source's own values are in
//!   the doc comments and are not to be printed.
//!
//! Apostrophes are the source's straight `'`; guillemets, colons and no-break spaces are left to
//! `pdf::typography::fr_typography`. Labels keep the source's colon (« Nom : ») where it has one.
//! Keyed lists (`&[(key, text)]`) give each field, column, box or option a stable ASCII key that
//! answers and layouts can refer to.

/// Annexe 3: « Autorisation d'utilisation de photos, d'enregistrement audio et vidéo ou de
/// productions d'élèves », about a student, signed by a parent or tutor (seed 002, lines 522-555).
pub mod annexe3 {
    /// The annexe's number, as the Pratique de gestion's list of annexes names it (line 446).
    pub const ANNEXE: &str = "Annexe 3";
    pub const SOURCE: &str = "Pratique de gestion relative à l'utilisation des technologies de l'information et \
        des médias sociaux (TI-07), annexe 3";
    /// The header box; the source's reads « LOGO OU NOM DE L'ÉTABLISSEMENT (S'il y a lieu) ».
    pub const HEADER: &str = "{etablissement}";
    pub const TITLE: &str = "Autorisation d'utilisation de photos, d'enregistrement audio et vidéo ou de \
        productions d'élèves";
    pub const IDENTIFICATION_HEADING: &str = "Identification de l'élève";
    pub const IDENTIFICATION_FIELDS: &[(&str, &str)] = &[
        ("nom", "Nom :"),
        ("prenom", "Prénom :"),
        ("niveau", "Niveau scolaire :"),
        ("etablissement", "Nom de l'établissement :"),
    ];
    /// The source sets in bold from « votre autorisation » to the end.
    pub const INTRO: &str = "Dans le cadre du ou des projets énumérés ci-après, le {organisation} sollicite \
        votre autorisation pour utiliser l'image de votre enfant à des fins d'information et de promotion. \
        Nous aimerions également obtenir votre consentement à l'utilisation, la reproduction et la diffusion \
        de différentes productions de votre enfant.";
    /// The project table's header row. The OCR kept « NOM DU MÉDIA » only; the two other
    /// columns are completed from annexe 6's header row (line 649).
    pub const PROJECT_COLUMNS: &[(&str, &str)] =
        &[("media", "NOM DU MÉDIA"), ("titre_description", "TITRE ET DESCRIPTION DU PROJET"), ("duree", "DURÉE")];
    /// The source sets « j'accepte que des photos, enregistrements ou vidéos de mon enfant » in bold.
    pub const CONSENT: &str = "Dans ce contexte, j'accepte que des photos, enregistrements ou vidéos de mon \
        enfant soient pris au cours des activités relatives à ce projet en sachant qu'ils pourront être \
        utilisés, selon le cas, à des fins de publication ou de diffusion dans les médias (presse écrite, \
        radio, télévision, etc.).";
    /// The items table's header row, left column.
    pub const ITEMS_HEADING: &str = "IDENTIFICATION DES ÉLÉMENTS AUTORISÉS DANS LE CADRE DE L'ÉVÉNEMENT \
        CI-HAUT MENTIONNÉ";
    /// The items table's header row, right column (the boxes). Not in this annexe's OCR, which
    /// lost the column; completed from annexes 5 and 6 (lines 614-615, 653).
    pub const TICK_HEADING: &str = "COCHEZ SI VOUS ÊTES D'ACCORD";
    /// « Cochez si vous êtes d'accord » boxes: an unticked box is no authorisation.
    pub const ITEMS: &[(&str, &str)] = &[
        ("photos", "J'autorise la prise de photos individuelles ou collectives de mon enfant."),
        (
            "enregistrements",
            "J'autorise la prise d'enregistrements audio ou vidéo de la participation de mon enfant pour les \
             médias (presse écrite, radio, télévision).",
        ),
        (
            "droits_productions",
            "J'autorise le {organisation} à disposer des droits de reproduction et de diffusion des productions \
             ou prestations de mon enfant sans contrepartie (travaux en arts plastiques, textes écrits, \
             musique, théâtre, concert, production en informatique, ...).",
        ),
    ];
    /// Followed by a line for the date.
    pub const SIGNED_ON: &str = "En foi de quoi, j'ai signé ce document en date du";
    pub const SIGNER_NAME: &str = "Nom du parent ou du tuteur";
    pub const SIGNER_NAME_HINT: &str = "(écrire en lettres moulées)";
    pub const SIGNATURE: &str = "Signature du parent ou du tuteur";
}

/// Annexe 4: the same authorisation for an adult (direction, teacher, staff member, parent, other
/// adult), in the first person, signed by the adult (seed 002, lines 559-587).
pub mod annexe4 {
    /// The annexe's number, as the Pratique de gestion's list of annexes names it (line 448).
    pub const ANNEXE: &str = "Annexe 4";
    pub const SOURCE: &str = "Pratique de gestion relative à l'utilisation des technologies de l'information et \
        des médias sociaux (TI-07), annexe 4";
    /// The header box; the source's reads « LOGO OU NOM DE L'ÉTABLISSEMENT (S'il y a lieu) ».
    pub const HEADER: &str = "{etablissement}";
    /// The page's title is annexe 3's word for word; only the list of annexes (line 448) adds
    /// « (adulte) ».
    pub const TITLE: &str = "Autorisation d'utilisation de photos, d'enregistrement audio et vidéo ou de \
        productions d'élèves";
    pub const IDENTIFICATION_HEADING: &str = "Identification de l'adulte (direction, enseignant, membre du \
        personnel, parent, autre adulte)";
    pub const IDENTIFICATION_FIELDS: &[(&str, &str)] =
        &[("nom", "Nom :"), ("prenom", "Prénom :"), ("etablissement", "Nom de l'établissement :")];
    /// The source sets « votre autorisation pour utiliser votre image à des fins d'information et
    /// de promotion. » in bold.
    pub const INTRO: &str = "Dans le cadre du ou des projets énumérés ci-après, le {organisation} sollicite \
        votre autorisation pour utiliser votre image à des fins d'information et de promotion.";
    /// The OCR kept « NOM DU MÉDIA » only; completed from annexe 6's header row (line 649).
    pub const PROJECT_COLUMNS: &[(&str, &str)] =
        &[("media", "NOM DU MÉDIA"), ("titre_description", "TITRE ET DESCRIPTION DU PROJET"), ("duree", "DURÉE")];
    /// The source sets « j'accepte que des photos, enregistrements ou vidéos de moi » in bold.
    pub const CONSENT: &str = "Dans ce contexte, j'accepte que des photos, enregistrements ou vidéos de moi \
        soient pris au cours des activités relatives à ce projet en sachant qu'ils pourront être utilisés, \
        selon le cas, à des fins de publication ou de diffusion dans les médias écrits ou électroniques \
        (presse écrite, radio, télévision, etc.).";
    /// « ÉVÈNEMENT » here, « ÉVÉNEMENT » in annexe 3: both spellings are the source's (and correct).
    /// The source sets this heading in italics.
    pub const ITEMS_HEADING: &str = "IDENTIFICATION DES ÉLÉMENTS AUTORISÉS DANS LE CADRE DE L'ÉVÈNEMENT \
        CI-HAUT MENTIONNÉ";
    /// Not in this annexe's OCR; completed from annexes 5 and 6 (lines 614-615, 653).
    pub const TICK_HEADING: &str = "COCHEZ SI VOUS ÊTES D'ACCORD";
    /// « Cochez si vous êtes d'accord » boxes: an unticked box is no authorisation.
    pub const ITEMS: &[(&str, &str)] = &[
        ("photos", "J'autorise la prise de photos de moi, individuelles ou collectives."),
        (
            "enregistrements",
            "J'autorise la prise d'enregistrements audio ou vidéo de ma participation pour les médias (presse \
             écrite, radio, télévision).",
        ),
        (
            "droits_productions",
            "J'autorise le {organisation} à disposer des droits de reproduction et de diffusion des productions \
             ou prestations auxquelles je participe sans contrepartie (travaux en arts plastiques, textes \
             écrits, musique, théâtre, concert, production en informatique, ...).",
        ),
    ];
    /// Followed by a line for the date.
    pub const SIGNED_ON: &str = "En foi de quoi, j'ai signé ce document en date du";
    /// The adult signs; the source has no name line under the signature (the name is in the
    /// identification).
    pub const SIGNATURE: &str = "Signature";
}

/// Annexe 5: « Autorisation de participation à un projet sur un média social », about a student,
/// signed by a parent or tutor (seed 002, lines 591-628).
pub mod annexe5 {
    /// The annexe's number, as the Pratique de gestion's list of annexes names it (line 450).
    pub const ANNEXE: &str = "Annexe 5";
    pub const SOURCE: &str = "Pratique de gestion relative à l'utilisation des technologies de l'information et \
        des médias sociaux (TI-07), annexe 5";
    /// The header box; the source's reads « LOGO OU NOM DE L'ÉTABLISSEMENT (S'il y a lieu) ».
    pub const HEADER: &str = "{etablissement}";
    pub const TITLE: &str = "Autorisation de participation à un projet sur un média social";
    pub const IDENTIFICATION_HEADING: &str = "Identification de l'élève";
    pub const IDENTIFICATION_FIELDS: &[(&str, &str)] = &[
        ("nom", "Nom :"),
        ("prenom", "Prénom :"),
        ("niveau", "Niveau scolaire :"),
        ("etablissement", "Nom de l'établissement :"),
    ];
    pub const INTRO: &str = "Dans le cadre du ou des projets énumérés ci-après, nous sollicitons votre \
        autorisation afin que des textes, des dessins, des photos et/ou des vidéos de votre enfant soient \
        publiés sur un ou des médias sociaux.";
    /// The OCR kept « NOM DU MÉDIA SOCIAL » only; completed from annexe 6's header row (line 649).
    pub const PROJECT_COLUMNS: &[(&str, &str)] = &[
        ("media", "NOM DU MÉDIA SOCIAL"),
        ("titre_description", "TITRE ET DESCRIPTION DU PROJET"),
        ("duree", "DURÉE"),
    ];
    /// The source reads « La CSSMI s'est dotée … sur le site internet de la Commission scolaire
    /// <https://sites.google.com/site/mediassociauxcssmi/>. »: the board's name and its address
    /// are the placeholders (the engine drops « {site_medias_sociaux} » when there is none).
    pub const RESOURCES: &str = "Le {organisation} s'est doté d'un plan d'action et d'outils de référence afin \
        de mieux encadrer et comprendre l'utilisation des médias sociaux dans un cadre pédagogique. Ces outils \
        sont disponibles sur le site internet du {organisation} {site_medias_sociaux}.";
    /// The items table's header row, left column.
    pub const ITEMS_HEADING: &str = "IDENTIFICATION DES ÉLÉMENTS AUTORISÉS DANS LE CADRE DU PROJET CI-HAUT \
        MENTIONNÉ";
    /// The items table's header row, right column (the boxes); bold in the source.
    pub const TICK_HEADING: &str = "COCHEZ SI VOUS ÊTES D'ACCORD";
    /// « Cochez si vous êtes d'accord » boxes: an unticked box is no authorisation.
    pub const ITEMS: &[(&str, &str)] = &[
        ("photos", "J'autorise la diffusion de photos individuelles ou collectives de mon enfant sur le média social."),
        (
            "enregistrements",
            "J'autorise la prise d'enregistrements audio ou vidéo de la participation de mon enfant et leur \
             diffusion sur Internet.",
        ),
        (
            "droits_productions",
            "J'autorise le {organisation} à disposer des droits de reproduction et de diffusion des productions \
             ou prestations de mon enfant sur Internet, et ce, sans contrepartie (travaux en arts plastiques, \
             textes écrits, musique, théâtre, concert, production en informatique, ...).",
        ),
    ];
    /// Followed by a line for the date.
    pub const SIGNED_ON: &str = "En foi de quoi, j'ai signé ce document en date du";
    pub const SIGNER_NAME: &str = "Nom du parent ou du tuteur";
    pub const SIGNER_NAME_HINT: &str = "(écrire en lettres moulées)";
    pub const SIGNATURE: &str = "Signature du parent ou du tuteur";
}

/// Annexe 6: annexe 5 for an adult, in the first person, signed by the adult (seed 002, lines
/// 632-660).
pub mod annexe6 {
    /// The annexe's number, as the Pratique de gestion's list of annexes names it (line 452).
    pub const ANNEXE: &str = "Annexe 6";
    pub const SOURCE: &str = "Pratique de gestion relative à l'utilisation des technologies de l'information et \
        des médias sociaux (TI-07), annexe 6";
    /// The header box; the source's reads « LOGO OU NOM DE L'ÉTABLISSEMENT (S'il y a lieu) ».
    pub const HEADER: &str = "{etablissement}";
    /// Annexe 5's title word for word; only the list of annexes (line 452) adds « (adulte) ».
    pub const TITLE: &str = "Autorisation de participation à un projet sur un média social";
    pub const IDENTIFICATION_HEADING: &str = "Identification de l'adulte (direction, enseignant, membre du \
        personnel, parent, autre adulte)";
    pub const IDENTIFICATION_FIELDS: &[(&str, &str)] =
        &[("nom", "Nom :"), ("prenom", "Prénom :"), ("etablissement", "Nom de l'établissement :")];
    /// The source's « J'accepte » after the comma is lower-cased.
    pub const INTRO: &str = "Dans le cadre du ou des projets énumérés ci-après, j'accepte que des textes, des \
        dessins, des photos et/ou des vidéos de moi soient publiés sur un ou des médias sociaux.";
    /// The source's « MEDIA » takes its accent, as in annexe 5.
    pub const PROJECT_COLUMNS: &[(&str, &str)] = &[
        ("media", "NOM DU MÉDIA SOCIAL"),
        ("titre_description", "TITRE ET DESCRIPTION DU PROJET"),
        ("duree", "DURÉE"),
    ];
    /// As annexe 5's: the source reads « La CSSMI s'est dotée … sur le site internet de la
    /// Commission scolaire <https://sites.google.com/site/mediassociauxcssmi/>. ».
    pub const RESOURCES: &str = "Le {organisation} s'est doté d'un plan d'action et d'outils de référence afin \
        de mieux encadrer et comprendre l'utilisation des médias sociaux dans un cadre pédagogique. Ces outils \
        sont disponibles sur le site internet du {organisation} {site_medias_sociaux}.";
    pub const ITEMS_HEADING: &str = "IDENTIFICATION DES ÉLÉMENTS AUTORISÉS DANS LE CADRE DU PROJET CI-HAUT \
        MENTIONNÉ";
    pub const TICK_HEADING: &str = "COCHEZ SI VOUS ÊTES D'ACCORD";
    /// « Cochez si vous êtes d'accord » boxes: an unticked box is no authorisation. Item 1 says
    /// « la prise de photos … sur le média social » where annexe 5 says « la diffusion »: the
    /// source's words, kept.
    pub const ITEMS: &[(&str, &str)] = &[
        ("photos", "J'autorise la prise de photos de moi, individuelles ou collectives sur le média social."),
        (
            "enregistrements",
            "J'autorise la prise d'enregistrements audio ou vidéo de ma participation et leur diffusion sur \
             Internet.",
        ),
        (
            "droits_productions",
            "J'autorise le {organisation} à disposer des droits de reproduction et de diffusion des productions \
             ou prestations sur Internet auxquelles je participe, et ce, sans contrepartie (travaux en arts \
             plastiques, textes écrits, musique, théâtre, concert, production en informatique, ...).",
        ),
    ];
    /// Followed by a line for the date.
    pub const SIGNED_ON: &str = "En foi de quoi, j'ai signé ce document en date du";
    /// The adult signs; no name line in the source.
    pub const SIGNATURE: &str = "Signature";
}

/// The CSSRDN policy's annexe A, « Demande d'autorisation de création d'un espace de média
/// social »: one request per space, filled in by the school or service and decided by the
/// director general (seed 003, lines 160-186), and the conditions of the policy's articles 6 to 9.
pub mod demande_espace {
    /// The policy calls its form « l'annexe A de la présente politique » (art. 6, line 60).
    pub const ANNEXE: &str = "Annexe A";
    pub const SOURCE: &str = "Politique relative à l'utilisation des médias sociaux, annexe A";
    pub const TITLE: &str = "Demande d'autorisation de création d'un espace de média social";
    pub const IDENTIFICATION_HEADING: &str = "IDENTIFICATION DE L'ÉTABLISSEMENT OU DU SERVICE :";
    /// One row for the name; then two rows of two fields: address and e-mail, telephone and the
    /// person responsible for the project.
    pub const IDENTIFICATION_FIELDS: &[(&str, &str)] = &[
        ("nom", "Nom de l'établissement, du service ou de l'instance en lien avec l'ouverture de l'espace :"),
        ("adresse", "Adresse :"),
        ("courriel", "Adresse courriel :"),
        ("telephone", "Numéro de téléphone :"),
        ("responsable_projet", "Personne responsable du projet :"),
    ];
    /// « (PLATEFORME OU DU MÉDIA PROJETÉ) » is the source's wording.
    pub const PLATFORM_HEADING: &str = "NOM DE L'ESPACE (PLATEFORME OU DU MÉDIA PROJETÉ) :";
    /// Boxes, on one row but « Autre », which starts the next row beside `USE_TYPE`.
    pub const PLATFORMS: &[(&str, &str)] = &[
        ("google", "Google"),
        ("linkedin", "LinkedIn"),
        ("meta_facebook", "Méta (Facebook)"),
        ("meta_instagram", "Méta (Instagram)"),
        ("youtube", "YouTube"),
        ("x", "X"),
        ("autre", "Autre"),
    ];
    /// Beside « Autre », followed by space to write.
    pub const USE_TYPE: &str =
        "Veuillez préciser le type d'utilisation (p. ex. : partage d'information, espace de discussion, etc.)";
    pub const ACCESS_HEADING: &str = "CONSULTATION ET ADHÉSION";
    /// One box each, after the text. Policy art. 7.1.2: 13 and over to join and exchange; the
    /// parent's consent at 13; the student's or the parent's from 14.
    pub const ACCESS_LEVELS: &[(&str, &str)] = &[
        ("consultation_13", "Pour consultation seulement sans adhésion – 13 ans"),
        (
            "adhesion_13_consentement_parental",
            "Pour adhésion et rédaction de commentaires possibles – 13 ans avec consentement parental",
        ),
        (
            "adhesion_14_plus_consentement",
            "Pour adhésion et rédaction de commentaires possibles – 14 ans et plus avec consentement de \
             l'élève ou parental",
        ),
    ];
    /// The four free-text blocks, each a heading followed by lines to write on (two in the
    /// source, three for the last). The heading is the whole guidance: the source has no other
    /// text in the blocks.
    pub const BLOCKS: &[(&str, &str)] = &[
        (
            "contenu",
            "CONTENU ENVISAGÉ EN LIEN AVEC SON PROJET ÉDUCATIF DANS LE CAS D'UN ÉTABLISSEMENT OU DE SES \
             ORIENTATIONS ET OBJECTIFS OU DE SA MISSION DANS LE CAS D'UN SERVICE OU D'UNE AUTRE INSTANCE :",
        ),
        (
            "administration",
            "MOYENS DÉPLOYÉS POUR S'ASSURER DE L'ADMINISTRATION EFFICACE DE L'ESPACE PROJETÉ (CONDITIONS \
             D'UTILISATION ET CARACTÉRISTIQUES LIÉES À CET ESPACE) :",
        ),
        (
            "diffusion_formation_encadrement",
            "MOYENS DE DIFFUSION, DE FORMATION ET D'ENCADREMENT ENVISAGÉS AUPRÈS DES DIFFÉRENTES CATÉGORIES \
             D'UTILISATEURS (MEMBRES DU PERSONNEL, ÉLÈVES, ETC.) QUANT AUX RÈGLES ET AU CONTENU DE LA PRÉSENTE \
             POLITIQUE :",
        ),
        ("vigie", "MOYENS SPÉCIFIQUES QUI SERONT UTILISÉS POUR ASSURER UNE VIGIE ADÉQUATE DE L'ESPACE PROJETÉ :"),
    ];
    pub const RESPONSIBLE: &str = "Nom et coordonnées de la personne responsable :";
    /// The decision block: signature and date on one row, then the two boxes.
    pub const DECISION_SIGNATURE: &str = "Signature du directeur général :";
    pub const DECISION_DATE: &str = "Date de présentation du projet :";
    pub const DECISION: &[(&str, &str)] = &[("accepte", "Accepté :"), ("refuse", "Refusé :")];
    /// Below the form. The source's address is « communication@cssrdn.gouv.qc.ca »; the engine
    /// drops « à l'adresse {courriel_communications} » when there is none.
    pub const RETURN_NOTE: &str = "Une fois rempli, ce formulaire doit être retourné par courriel au Bureau des \
        communications à l'adresse {courriel_communications}.";

    /// The conditions the policy's articles 6 to 9 set on a space and on those who run it, one
    /// checklist line each, in the policy's order and close to its words (« le CSSRDN » written
    /// « le {organisation} »). Left out: 7.1.8 (a staff member's own spaces, not the requested
    /// one), 7.3 (a reference to the code of ethics), 9.1, 9.5 and 9.6 (roles of the board, of
    /// users and of parents).
    pub const CONDITIONS: &[(&str, &str)] = &[
        (
            "autorisation_direction_generale",
            "L'espace doit être autorisé par la direction générale au moyen du formulaire de demande \
             d'autorisation de création d'un espace de média social prévu à l'annexe A (art. 6 et 9.2).",
        ),
        ("contenu_lie_mission", "Le contenu doit être lié à la mission et aux objectifs du {organisation} (art. 6)."),
        (
            "administrateur_designe",
            "L'espace doit être administré exclusivement par un membre du personnel désigné par la direction \
             de l'établissement, du service ou par la personne désignée par le cadre responsable de l'instance \
             concernée qui en assure la supervision (art. 6).",
        ),
        (
            "rattache_espace_organisation",
            "Tout nouvel espace doit être rattaché à l'espace du {organisation}, lorsqu'applicable, qui en \
             détiendra les accès par mesure de sécurité, notamment pour prévenir le piratage (art. 6).",
        ),
        (
            "aucun_compte_personnel",
            "En aucun cas l'espace ne doit être lié à un compte personnel d'un membre du personnel ou à celui \
             d'une personne externe à l'organisation (art. 6).",
        ),
        (
            "demande_au_bureau_communications",
            "La direction d'établissement ou de service ou le cadre responsable de l'instance concernée doit \
             transmettre le formulaire de demande au Bureau des communications, qui veillera à la faire \
             approuver par la direction générale (art. 6).",
        ),
        (
            "vie_privee",
            "Les utilisateurs et les administrateurs d'espaces doivent respecter les règles relatives à la vie \
             privée (art. 7.1.1).",
        ),
        (
            "age_minimum_13",
            "L'utilisateur d'un espace doit être âgé de 13 ans et plus pour pouvoir y adhérer et échanger, dans \
             la mesure où les règles de la plateforme utilisée le permettent (art. 7.1.2).",
        ),
        (
            "consentement_13_ans",
            "Le consentement du titulaire de l'autorité parentale doit être obtenu pour les élèves de 13 ans \
             (art. 7.1.2).",
        ),
        (
            "consentement_14_ans_et_plus",
            "Le consentement de l'élève ou du titulaire de l'autorité parentale doit être obtenu pour un élève \
             de 14 ans et plus (art. 7.1.2).",
        ),
        (
            "consentement_ecrit_images",
            "Les administrateurs d'espaces doivent en tout temps agir dans le respect des personnes et de leur \
             vie privée et s'être préalablement assurés d'obtenir le consentement écrit des personnes \
             apparaissant sur une image (vidéo ou photo) diffusée sur les médias sociaux du {organisation}, au \
             moyen des formulaires prévus à cet effet (art. 7.1.3).",
        ),
        (
            "droits_auteur",
            "Les utilisateurs et les administrateurs d'espaces doivent respecter les droits d'auteur et la \
             propriété intellectuelle des autres (art. 7.1.4).",
        ),
        (
            "netiquette_respectee",
            "Les utilisateurs et les administrateurs d'espaces doivent respecter la nétiquette du \
             {organisation} émise par la Directive à l'interne et les conditions d'utilisation à l'externe, de \
             même que celle de la plateforme utilisée (art. 7.1.5).",
        ),
        (
            "aucun_propos_personnel",
            "Il est interdit d'associer des propos personnels au nom du {organisation} de manière à laisser \
             croire que les opinions exprimées sont endossées par le {organisation}, sauf par une personne \
             autorisée à le faire dans le cadre de ses fonctions (art. 7.1.6).",
        ),
        (
            "porte_parole",
            "Aucun membre du personnel ne peut se substituer au rôle de porte-parole du {organisation} et \
             répondre au nom de celui-ci, hormis un administrateur d'espace désigné et autorisé à le faire par \
             la direction générale (art. 7.1.7).",
        ),
        (
            "aucune_propagande",
            "Il est interdit d'utiliser les médias sociaux du {organisation} de quelque façon que ce soit à des \
             fins de propagande, de harcèlement, d'intimidation ou de menace (art. 7.1.9).",
        ),
        (
            "canaux_autorises",
            "La communication entre un membre du personnel ou d'une instance et un élève doit se faire via les \
             canaux autorisés par le {organisation} et respecter les limites professionnelles (art. 7.2.1 et \
             7.2.2).",
        ),
        (
            "aucun_echange_personnel",
            "Il est interdit de communiquer ou d'échanger des informations personnelles (incluant des photos ou \
             des vidéos) avec un élève à partir d'un espace personnel sur les médias sociaux, d'un module de \
             messagerie instantanée ou de clavardage, d'une adresse courriel personnelle ou d'un téléphone \
             cellulaire personnel, sauf entre personnes qui ont un lien de parenté reconnu (art. 7.2.3).",
        ),
        (
            "aucun_lien_ami_abonne",
            "Un membre du personnel ou d'une instance ne peut établir avec un élève un lien « ami ou abonné », \
             sauf lien de parenté reconnu ou média social créé et autorisé à des fins strictement pédagogiques \
             (art. 7.2.4).",
        ),
        (
            "netiquette_incluse",
            "Chaque espace administré par le {organisation} doit inclure une nétiquette dont le contenu est \
             prévu dans la Directive interne et les conditions d'utilisation (art. 8).",
        ),
        (
            "administrateurs_designes_supervision",
            "La direction ou le cadre responsable assure la supervision de l'administration de l'espace et \
             désigne un ou des administrateurs pour chaque espace (art. 9.3).",
        ),
        (
            "contenu_mission_francais",
            "Le contenu diffusé doit être en lien avec la mission du {organisation} et rédigé dans un français \
             irréprochable (art. 9.4.1).",
        ),
        (
            "reponses_respectueuses",
            "L'administrateur répond à tous les utilisateurs avec respect et politesse et oriente vers un canal \
             de communication privé plutôt que de résoudre un problème sur les pages publiques (art. 9.4.1).",
        ),
        (
            "lignes_directrices_vigie",
            "L'administrateur répond aux commentaires et messages en respectant les lignes directrices de \
             l'organisation et assure une vigie des publications (art. 9.4.1).",
        ),
        (
            "consentement_avant_publication",
            "Le consentement d'utilisation et de diffusion de l'image d'une personne (photo ou vidéo) doit être \
             obtenu avant de publier du contenu (art. 9.4.1).",
        ),
        (
            "sources_citees",
            "Les sources doivent être citées et des mentions ajoutées s'il y a lieu, y compris pour le contenu \
             généré par l'intelligence artificielle (art. 9.4.1).",
        ),
        ("contenu_verifie", "Le contenu publié doit être vérifié et exact (art. 9.4.1)."),
        (
            "renseignements_personnels_securite",
            "La protection des renseignements personnels et la sécurité de l'information doivent être \
             respectées (art. 9.4.1).",
        ),
        (
            "securite_renforcee",
            "Des protocoles de sécurité renforcés (authentification à multiples facteurs, mots de passe \
             robustes, etc.) doivent protéger les informations de connexion (art. 9.4.1).",
        ),
        (
            "courriel_organisation",
            "L'espace doit utiliser une adresse courriel du {organisation} plutôt qu'une adresse personnelle \
             (art. 9.4.1).",
        ),
        (
            "acces_actualises",
            "Les accès restreints doivent être actualisés de façon périodique, notamment en cas de changement \
             de personne chargée d'administrer l'espace (art. 9.4.1).",
        ),
    ];
}
