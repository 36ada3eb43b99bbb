//! The one error type of the domain, with French (and English) messages a person can act on.

use std::path::PathBuf;

/// Every failure the domain reports. Messages never contain a key, a recovery code or a
/// student's personal data: they name the problem and what to do next.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Aucun coffre Balise n'existe dans {0}. Lancez « balise init » ou ouvrez Balise pour le créer.")]
    NoStore(PathBuf),
    #[error("Un coffre Balise existe déjà dans {0} : Balise ne crée jamais une nouvelle clé par-dessus des données existantes.")]
    StoreExists(PathBuf),
    #[error("Le fichier de récupération (balise.recovery) est absent ou illisible dans {0}. Restaurez le dossier de données complet depuis une copie.")]
    RecoveryFileMissing(PathBuf),
    #[error("{0}")]
    Keychain(KeychainProblem),
    #[error("La clé de récupération est mal formée : {0}")]
    RecoveryKeyMalformed(String),
    #[error("Cette clé de récupération ne correspond pas à ce coffre. Vérifiez la feuille « Clé de récupération » de cette école ; rien n'a été modifié.")]
    WrongRecoveryKey,
    #[error("Le fichier de données ne peut pas être lu avec cette clé : la clé ne correspond pas ou le fichier est endommagé. Restaurez une sauvegarde (« balise backup restore ») ou utilisez la clé de récupération.")]
    NotReadable,
    #[error("Ces données ont été créées par une version plus récente de Balise (schéma {found}, cette version connaît le schéma {known}). Installez la dernière version de Balise ; rien n'a été modifié.")]
    NewerSchema { found: i64, known: i64 },
    #[error("Réglage inconnu : « {0} ». Réglages possibles : {1}.")]
    UnknownSetting(String, String),
    #[error("Valeur refusée pour « {key} » : {reason}")]
    InvalidSetting { key: String, reason: String },
    #[error("La sauvegarde {file} est inutilisable : {reason}. Rien n'a été remplacé.")]
    BadBackup { file: String, reason: String },
    #[error("Le disque est plein : l'opération a été annulée et les données sont restées telles quelles. Libérez de l'espace puis recommencez.")]
    DiskFull,
    #[error("Le fichier de données est occupé par une autre fenêtre ou commande Balise. Fermez-la puis recommencez.")]
    Busy,
    #[error("Erreur de lecture ou d'écriture sur {path} : {detail}")]
    Io { path: PathBuf, detail: String },
    #[error("Erreur de la base de données : {0}")]
    Database(String),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error("Valeur refusée pour « {field} » : {reason}")]
    InvalidValue { field: Field, reason: String, reason_en: String },
    #[error("La plateforme « {0} » n'est pas au catalogue. Vérifiez le nom dans la liste des plateformes, ou ajoutez-la au catalogue.")]
    PlatformNotFound(String),
    #[error("La plateforme « {0} » est déjà au catalogue : modifiez-la plutôt que de l'ajouter une deuxième fois.")]
    PlatformExists(String),
    #[error("« {0} » est une plateforme proscrite (Directive, art. 4) : elle ne peut pas être inscrite comme plateforme d'une classe. Consignez plutôt une infraction à suivre (« balise infraction add »).")]
    ProhibitedPlatform(String),
    #[error("Aucun membre du personnel nommé « {0} ». Vérifiez le nom dans la liste du personnel, ou ajoutez cette personne d'abord.")]
    StaffNotFound(String),
    #[error("« {0} » fait déjà partie du personnel inscrit : utilisez la fiche existante.")]
    StaffExists(String),
    #[error("Aucune classe « {code} » pour l'année scolaire {year}. Vérifiez le code et l'année dans la liste des classes, ou ajoutez la classe d'abord.")]
    ClassNotFound { year: String, code: String },
    #[error("La classe « {code} » existe déjà pour l'année scolaire {year} : complétez-la plutôt que de l'ajouter une deuxième fois.")]
    ClassExists { year: String, code: String },
    #[error("Aucune utilisation de plateforme n° {0}. Vérifiez le numéro dans la liste des utilisations.")]
    UseNotFound(i64),
    #[error("La classe « {class_code} » utilise déjà {platform} pour les {audience} (utilisation n° {existing}) : complétez cette inscription plutôt que d'en ajouter une deuxième.")]
    UseExists { class_code: String, platform: String, audience: String, existing: i64 },
    #[error(
        "L'utilisation n° {0} n'a pas de document de présentation (art. 5.1) : joignez-le d'abord, puis recommencez."
    )]
    NoPresentationDocument(i64),
    #[error("Aucune infraction n° {0}. Vérifiez le numéro dans la liste des infractions.")]
    InfractionNotFound(i64),
    #[error("Aucun projet n° {0}. Vérifiez le numéro dans la liste des projets.")]
    ProjectNotFound(i64),
    #[error("Aucune demande d'espace de média social n° {0}. Vérifiez le numéro dans la liste des espaces.")]
    SpaceNotFound(i64),
    #[error("Aucun adulte n° {0} dans ce projet. Vérifiez le numéro dans la liste des adultes du projet.")]
    AdultNotFound(i64),
    #[error("Le formulaire {number} est {what} ; {how}")]
    OtherTemplate { number: String, what: String, what_en: String, how: String, how_en: String },
    #[error("L'infraction n° {id} est déjà résolue (le {on}) ; rien n'a été modifié.")]
    InfractionAlreadyResolved { id: i64, on: chrono::NaiveDate },
    #[error("Aucune pièce jointe n° {0}.")]
    AttachmentNotFound(i64),
    #[error("Le fichier « {name} » fait {megabytes} Mo : la limite est de 20 Mo. Réduisez-le (numérisation en noir et blanc ou à 200 ppp, PDF compressé) puis joignez-le de nouveau.")]
    AttachmentTooLarge { name: String, megabytes: String },
    #[error("Le fichier « {name} » est vide ou n'est pas d'un type accepté. Joignez un PDF, une image PNG ou JPEG, ou un document Word (.docx) ou OpenDocument (.odt).")]
    AttachmentUnsupported { name: String },
    #[error("La pièce jointe n° {0} est endommagée : son contenu ne correspond plus à son empreinte SHA-256. Vérifiez le coffre (« balise verify ») et restaurez une sauvegarde au besoin.")]
    AttachmentDamaged(i64),
    #[error("Le fichier {0} existe déjà : Balise ne l'écrase pas. Choisissez un autre nom ou un autre dossier.")]
    ExportTargetExists(PathBuf),
    #[error("Le fichier « {name} » est vide : il n'a aucune ligne à importer. Vérifiez que l'extraction a bien été faite, puis recommencez.")]
    RosterEmpty { name: String },
    #[error("Le fichier « {name} » fait {megabytes} Mo : une liste d'élèves en fait bien moins (la limite est de 50 Mo). Vérifiez que c'est le bon fichier.")]
    RosterTooLarge { name: String, megabytes: String },
    #[error("Le fichier « {name} » ne peut pas être lu : {reason}. Rien n'a été importé.")]
    RosterUnreadable { name: String, reason: String, reason_en: String },
    #[error("Le fichier « {name} » n'est ni en UTF-8 ni en Windows-1252 (ligne {line}) : {reason}. Enregistrez-le de nouveau en « CSV UTF-8 » depuis Excel, puis recommencez ; rien n'a été importé.")]
    RosterEncoding { name: String, line: usize, reason: String, reason_en: String },
    #[error("Le classeur n'a pas de feuille « {sheet} ». Feuilles du classeur : {sheets}.")]
    RosterUnknownSheet { sheet: String, sheets: String },
    #[error("Colonne introuvable : {missing}. Colonnes du fichier : {found}. Indiquez quelle colonne utiliser (à l'étape des colonnes, ou en ligne de commande : --map groupe=\"Groupe-repère\").")]
    RosterMissingColumn { missing: String, missing_en: String, found: String },
    #[error("Le fichier n'a pas de colonne « {header} ». Colonnes du fichier : {found}.")]
    RosterUnknownHeader { header: String, found: String },
    #[error("Champ inconnu : « {key} ». Champs possibles : {known}.")]
    RosterUnknownField { key: String, known: String },
    #[error("{count} ligne(s) du fichier sont refusées (première : ligne {first_line}). Corrigez-les dans le fichier, ou importez en ignorant les lignes refusées ; rien n'a été importé.")]
    RosterRejectedRows { count: usize, first_line: usize },
    #[error("{0}")]
    FormNumberInvalid(#[from] FormNumberError),
    #[error("Aucun formulaire ne porte le numéro {0}. Relisez le numéro imprimé en haut à droite du formulaire.")]
    FormNotFound(String),
    #[error("Aucun élève « {0} » cette année. Indiquez sa fiche, ou son nom comme « Nom, Prénom ».")]
    StudentNotFound(String),
    #[error("Rien à imprimer : {0}.")]
    NothingToPrint(String),
    #[error("Les formulaires de {platform} (classe {class_code}) ne peuvent pas être imprimés : {missing} Un parent signerait pour une plateforme que la Directive ne permet pas encore d'utiliser (art. 4). Consignez ce qui manque dans la classe, puis imprimez ; rien n'a été imprimé.")]
    UseNotAuthorized { platform: String, class_code: String, missing: String, missing_en: String },
    #[error("Le document de présentation de {platform} (classe {class_code}) ne peut pas être imprimé avec les formulaires : {why} Ou imprimez sans « avec le document de présentation » ; rien n'a été imprimé.")]
    PresentationNotPrintable { platform: String, class_code: String, why: String, why_en: String },
    #[error("Il manque {what} dans Paramètres : elle est imprimée sur chaque formulaire. Indiquez-la, puis imprimez de nouveau ; rien n'a été imprimé.")]
    SettingNeededToPrint { what: String, what_en: String },
    #[error("Le formulaire {number} est déjà enregistré : reçu le {on}, {answers}. Pour changer ce qui a été saisi, faites une correction ; pour un nouveau formulaire signé, enregistrez-le comme tel.")]
    FormAlreadyRecorded { number: String, on: String, answers: String },
    #[error("Rien à corriger : le formulaire {0} n'a pas encore été enregistré comme reçu ou refusé.")]
    NothingToCorrect(String),
    #[error("Rien à retirer : le formulaire {0} n'a pas de « oui » en vigueur pour cette question. Un parent qui refuse sans avoir consenti : enregistrez un refus.")]
    NothingToWithdraw(String),
    #[error("L'année scolaire {0} est close : ses formulaires ne peuvent plus être modifiés. Les consentements ne passent pas d'une année à l'autre ; imprimez un formulaire pour l'année en cours.")]
    YearClosed(String),
    #[error("Ce parent ou tuteur est marqué « ne pas contacter » : sa signature n'est acceptée qu'avec une dérogation motivée (le motif est consigné).")]
    DoNotContactSigner,
    #[error("Indiquez qui a signé : aucun parent ou tuteur à contacter n'est inscrit pour cet élève (ou celui choisi n'est pas au dossier).")]
    SignerNeeded,
    #[error("La date de naissance de l'élève n'est pas connue : impossible de vérifier qu'il ou elle a 14 ans. Faites signer un parent, ou importez la date de naissance.")]
    StudentAgeUnknown,
    #[error("L'élève a {0} ans ce jour-là : le consentement d'un élève n'est accepté qu'à partir de 14 ans. Faites signer un parent ou tuteur.")]
    StudentTooYoung(u32),
    #[error("L'Annexe A est signée par un parent ou tuteur : le consentement de l'élève n'est pas permis dans Paramètres. La direction peut le permettre aux élèves de 14 ans ou plus (« Consentement de l'élève »). Rien n'a été enregistré.")]
    StudentConsentOff,
    #[error("Rien à rattacher : le formulaire {0} n'a pas de signature d'une personne non inscrite au dossier.")]
    NoUnknownSigner(String),
    #[error("« {name} » n'est pas une numérisation acceptée : seuls les fichiers PDF, JPEG et PNG le sont. Rien n'a été enregistré.")]
    ScanUnsupported { name: String },
    #[error("Aucun parent ou tuteur actuel n° {0}. Vérifiez le numéro dans la liste des élèves (« balise student list --json », champ guardians.id).")]
    GuardianNotFound(i64),
    #[error("« {name} » est endommagé ou incomplet (le fichier ne se termine pas comme un PDF, JPEG ou PNG). Numérisez de nouveau ; rien n'a été enregistré.")]
    ScanMalformed { name: String },
    #[error("L'année {year} est close (depuis le {on}) : ses données ne se modifient plus (classes, utilisations, élèves, formulaires, consentements). Travaillez dans l'année en cours, ou ouvrez la suivante (« balise year open »).")]
    YearReadOnly { year: String, on: chrono::NaiveDate },
    #[error("L'année {year} est déjà close (le {on}) ; rien n'a été modifié.")]
    YearAlreadyClosed { year: String, on: chrono::NaiveDate },
    #[error("L'année {year} ne peut être close qu'à partir du {from} : elle est en cours et les suppressions de fin d'année (art. 5.9) se font en juin. Rien n'a été modifié.")]
    YearTooEarlyToClose { year: String, from: chrono::NaiveDate },
    #[error("Impossible de clore l'année {year} : {count} suppression(s) de fin d'année ne sont pas confirmées par écrit (art. 5.9) : {first}. Faites-les confirmer, ou closez quand même avec une dérogation motivée (--override --reason « … ») ; rien n'a été modifié.")]
    YearNotConfirmed { year: String, count: usize, first: String },
    #[error("Une dérogation doit être motivée : indiquez la raison (--reason « … »). Rien n'a été modifié.")]
    OverrideReasonNeeded,
    #[error("L'année {year} ne peut pas être ouverte : {reason} Rien n'a été modifié.")]
    YearOpenRefused { year: String, reason: String, reason_en: String },
    #[error("L'utilisation n° {use_id} ({platform}) n'est pas visée par la suppression de fin d'année (art. 5.9) : il n'y a rien à confirmer.")]
    DeletionNotNeeded { use_id: i64, platform: String },
    #[error("L'utilisation n° {use_id} (classe {class_code}) n'est pas confiée à ce membre du personnel (le personnel de l'utilisation, sinon les enseignant·es de la classe). Vérifiez le numéro dans « balise deletion list ».")]
    DeletionNotOfStaff { use_id: i64, class_code: String },
    #[error("La suppression pour l'utilisation n° {use_id} est déjà confirmée : le {on}, {how}. Pour changer ce qui a été saisi, faites une correction (« balise deletion correct ») ; rien n'a été enregistré.")]
    DeletionAlreadyConfirmed { use_id: i64, on: String, how: String },
    #[error("Rien à corriger : la suppression pour l'utilisation n° {0} n'a pas encore été confirmée.")]
    DeletionNothingToCorrect(i64),
    #[error("Aucune utilisation de plateforme de ce membre du personnel n'est visée par la suppression de fin d'année en {0} (art. 5.9).")]
    DeletionNoUses(String),
    #[error("Rectification refusée pour « {field} » : {reason}. Rien n'a été modifié.")]
    CorrectionRefused { field: String, reason: String, reason_en: String },
    #[error("« {0} » ne peut pas être rectifié ici. Champs possibles : {1}.")]
    UnknownCorrectionField(String, String),
    #[error("Motif « {0} » inconnu. Motifs possibles : {1}.")]
    UnknownCorrectionReason(String, String),
    #[error("Aucun parent ou tuteur « {0} » cette année. Indiquez son nom comme « Prénom Nom » ou « Nom, Prénom », son courriel, ou son numéro (« balise student list --json », champ guardians.id).")]
    GuardianNameNotFound(String),
    #[error("Plusieurs parents ou tuteurs s'appellent « {name} » : précisez par le courriel ou par le numéro du parent ({choices}).")]
    GuardianAmbiguous { name: String, choices: String },
    #[error("Le dossier {0} existe et n'est pas vide : Balise n'écrit pas par-dessus. Choisissez un nouveau dossier.")]
    ExportFolderNotEmpty(PathBuf),
    // The register of access requests (issue 15, item 17).
    #[error("Aucune demande d'accès ou de rectification n° {0}. Vérifiez le numéro dans « balise request list ».")]
    RequestNotFound(i64),
    #[error("La demande n° {id} a déjà sa réponse ({answer}, le {on}) : une réponse ne se modifie pas. Inscrivez une nouvelle demande si la personne revient ; rien n'a été modifié.")]
    RequestAlreadyAnswered { id: i64, answer: String, on: chrono::NaiveDate },
    #[error("Le délai de la demande n° {id} a déjà été prolongé (le {on}) : la loi ne permet qu'une prolongation de 10 jours (Loi sur l'accès, art. 98) ; rien n'a été modifié.")]
    RequestAlreadyExtended { id: i64, on: chrono::NaiveDate },
    #[error("Le délai de la demande n° {id} ne peut être prolongé qu'avant son échéance du {deadline}, avec un avis à la personne (Loi sur l'accès, art. 98, al. 2) ; rien n'a été modifié.")]
    RequestExtensionTooLate { id: i64, deadline: chrono::NaiveDate },
    // A file a person names (`input`): missing, or not a regular file.
    #[error("Le fichier {0} n'existe pas. Vérifiez son nom et son dossier (une faute de frappe, un fichier déplacé ?), puis recommencez.")]
    InputMissing(PathBuf),
    #[error("{path} n'est pas un fichier ordinaire : c'est {what}. Balise ne lit que des fichiers ; choisissez le fichier lui-même, puis recommencez.")]
    InputNotAFile { path: PathBuf, what: &'static str, what_en: &'static str },
    // A scan checked beyond its type (`attachment::check_scan`).
    #[error("« {name} » contient du contenu actif (script, lancement d'un programme, fichier joint ou formulaire dynamique) : Balise ne garde pas un tel PDF. Numérisez de nouveau le formulaire papier, ou ouvrez le PDF et imprimez-le en PDF (« Imprimer » puis « Enregistrer au format PDF »), puis joignez ce nouveau fichier ; rien n'a été enregistré.")]
    ScanActiveContent { name: String },
    #[error("« {name} » est une image de {width} × {height} pixels : une numérisation en a bien moins (au plus 12 000 pixels de côté et 100 mégapixels). Numérisez de nouveau à 300 ppp ; rien n'a été enregistré.")]
    ScanImageTooLarge { name: String, width: u32, height: u32 },
    // A scanned stack to read (issue 16, `scan::input`): the whole file refused, nothing read.
    #[error(
        "Aucun fichier à lire : choisissez le ou les fichiers que le copieur a produits (PDF, TIFF, PNG ou JPEG)."
    )]
    ScanStackEmpty,
    #[error("« {name} » fait {megabytes} Mo : un fichier de pile numérisée fait au plus {limit} Mo. Numérisez la pile en plusieurs fichiers (par exemple 100 feuilles à la fois, en 200 ou 300 ppp, niveaux de gris ou noir et blanc), puis recommencez ; rien n'a été lu.")]
    ScanStackTooLarge { name: String, megabytes: String, limit: u64 },
    #[error("« {name} » est un PDF protégé (chiffré, avec un mot de passe) : Balise n'en lit pas les pages. Numérisez de nouveau la pile sans protection, ou enregistrez le PDF sans mot de passe, puis recommencez ; rien n'a été lu.")]
    ScanStackEncrypted { name: String },
    #[error("« {name} » est endommagé ou incomplet ({reason}). Vérifiez que le fichier a été copié en entier, ou numérisez de nouveau la pile, puis recommencez ; rien n'a été lu.")]
    ScanStackDamaged { name: String, reason: String, reason_en: String },
    #[error("« {name} » n'est pas une numérisation que Balise sait lire : seuls les fichiers PDF, TIFF, PNG et JPEG le sont. Réglez le copieur pour produire un PDF (200 ou 300 ppp, niveaux de gris ou noir et blanc), puis recommencez ; rien n'a été lu.")]
    ScanStackUnsupported { name: String },
    #[error("« {name} » ne contient aucune page numérisée : ses {pages} page(s) sont du texte ou des dessins, pas l'image d'une feuille. Choisissez le PDF que le copieur a produit, puis recommencez ; rien n'a été lu.")]
    ScanStackNoScan { name: String, pages: usize },
    // The organisation's logo (issue 15, item 12), checked before it is stored.
    #[error("« {name} » ne peut pas servir de logo : {reason}. Choisissez une image PNG ou JPEG d'au plus 2 Mo et 4 000 pixels de côté ; rien n'a été enregistré.")]
    LogoRefused { name: String, reason: String, reason_en: String },
    // Issue 14: backups and the recovery file at their edges.
    #[error("Le fichier de sauvegarde {file} est incomplet ou endommagé{}: il ne peut pas servir. Choisissez une autre sauvegarde (« balise backup list » les donne de la plus récente à la plus ancienne) et vérifiez-la avant de la restaurer ; rien n'a été remplacé.", other_store_hint(*.other_store_possible))]
    BackupDamaged { file: String, other_store_possible: bool },
    #[error("Le disque est plein ou inaccessible : Balise n'a pas pu y écrire, même pour lire ses données. L'opération a été annulée et les données sont restées telles quelles. Libérez de l'espace sur ce disque (quelques mégaoctets suffisent) puis recommencez ; s'il n'est pas plein, vérifiez qu'il est bien branché.")]
    DiskUnwritable,
    #[error("Le fichier de récupération (balise.recovery) a été modifié : ses paramètres ne sont pas ceux que Balise écrit, il ne peut pas servir à déverrouiller. Remettez-le depuis une copie du dossier de données, puis recommencez ; rien n'a été modifié.")]
    RecoveryFileModified,
}

/// A backup whose first page does not open may also be another store's (another key).
fn other_store_hint(possible: bool) -> &'static str {
    if possible {
        " (ou il vient d'un autre coffre Balise) "
    } else {
        " "
    }
}

/// Why the OS keychain could not give the store's key: each case gets its own advice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeychainProblem {
    /// No keychain service at all (no Secret Service on Linux, no session bus).
    Unavailable(String),
    /// The keychain exists but is locked or refused access.
    Locked,
    /// The keychain answers but holds no key for this store: entry deleted, or another computer.
    EntryMissing,
    /// The keychain holds something that is not a Balise key.
    EntryDamaged,
}

impl std::fmt::Display for KeychainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeychainProblem::Unavailable(_) => f.write_str(
                "Le trousseau de clés du système n'est pas disponible (service de trousseau absent ou session non ouverte). Ouvrez une session normale, ou déverrouillez Balise avec la clé de récupération.",
            ),
            KeychainProblem::Locked => f.write_str(
                "Le trousseau de clés du système est verrouillé. Déverrouillez-le (mot de passe de session), ou utilisez la clé de récupération.",
            ),
            KeychainProblem::EntryMissing => f.write_str(
                "La clé de ces données n'est pas dans le trousseau de cet ordinateur (entrée supprimée, nouvel ordinateur ou dossier restauré d'une copie). Tapez la clé de récupération pour déverrouiller Balise ; elle sera remise dans le trousseau.",
            ),
            KeychainProblem::EntryDamaged => f.write_str(
                "L'entrée de Balise dans le trousseau est endommagée. Tapez la clé de récupération pour déverrouiller Balise ; l'entrée sera réparée.",
            ),
        }
    }
}

impl Error {
    /// A stable code the UI and scripts may branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NoStore(_) => "no_store",
            Error::StoreExists(_) => "store_exists",
            Error::RecoveryFileMissing(_) => "recovery_file_missing",
            Error::Keychain(KeychainProblem::Unavailable(_)) => "keychain_unavailable",
            Error::Keychain(KeychainProblem::Locked) => "keychain_locked",
            Error::Keychain(KeychainProblem::EntryMissing) => "keychain_entry_missing",
            Error::Keychain(KeychainProblem::EntryDamaged) => "keychain_entry_damaged",
            Error::RecoveryKeyMalformed(_) => "recovery_key_malformed",
            Error::WrongRecoveryKey => "wrong_recovery_key",
            Error::NotReadable => "not_readable",
            Error::NewerSchema { .. } => "newer_schema",
            Error::UnknownSetting(..) => "unknown_setting",
            Error::InvalidSetting { .. } => "invalid_setting",
            Error::BadBackup { .. } => "bad_backup",
            Error::DiskFull => "disk_full",
            Error::Busy => "busy",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Pdf(_) => "pdf",
            Error::InvalidValue { .. } => "invalid_value",
            Error::PlatformNotFound(_) => "platform_not_found",
            Error::PlatformExists(_) => "platform_exists",
            Error::ProhibitedPlatform(_) => "prohibited_platform",
            Error::StaffNotFound(_) => "staff_not_found",
            Error::StaffExists(_) => "staff_exists",
            Error::ClassNotFound { .. } => "class_not_found",
            Error::ClassExists { .. } => "class_exists",
            Error::UseNotFound(_) => "use_not_found",
            Error::UseExists { .. } => "use_exists",
            Error::NoPresentationDocument(_) => "no_presentation_document",
            Error::InfractionNotFound(_) => "infraction_not_found",
            Error::ProjectNotFound(_) => "project_not_found",
            Error::AdultNotFound(_) => "adult_not_found",
            Error::SpaceNotFound(_) => "space_not_found",
            Error::OtherTemplate { .. } => "other_template",
            Error::InfractionAlreadyResolved { .. } => "infraction_already_resolved",
            Error::AttachmentNotFound(_) => "attachment_not_found",
            Error::AttachmentTooLarge { .. } => "attachment_too_large",
            Error::AttachmentUnsupported { .. } => "attachment_unsupported",
            Error::AttachmentDamaged(_) => "attachment_damaged",
            Error::ExportTargetExists(_) => "export_target_exists",
            Error::RosterEmpty { .. } => "roster_empty",
            Error::RosterTooLarge { .. } => "roster_too_large",
            Error::RosterUnreadable { .. } => "roster_unreadable",
            Error::RosterEncoding { .. } => "roster_encoding",
            Error::RosterUnknownSheet { .. } => "roster_unknown_sheet",
            Error::RosterMissingColumn { .. } => "roster_missing_column",
            Error::RosterUnknownHeader { .. } => "roster_unknown_header",
            Error::RosterUnknownField { .. } => "roster_unknown_field",
            Error::RosterRejectedRows { .. } => "roster_rejected_rows",
            Error::FormNumberInvalid(_) => "form_number_invalid",
            Error::FormNotFound(_) => "form_not_found",
            Error::StudentNotFound(_) => "student_not_found",
            Error::NothingToPrint(_) => "nothing_to_print",
            Error::UseNotAuthorized { .. } => "use_not_authorized",
            Error::PresentationNotPrintable { .. } => "presentation_not_printable",
            Error::SettingNeededToPrint { .. } => "setting_needed_to_print",
            Error::FormAlreadyRecorded { .. } => "form_already_recorded",
            Error::NothingToCorrect(_) => "nothing_to_correct",
            Error::NothingToWithdraw(_) => "nothing_to_withdraw",
            Error::YearClosed(_) => "year_closed",
            Error::DoNotContactSigner => "do_not_contact_signer",
            Error::SignerNeeded => "signer_needed",
            Error::StudentAgeUnknown => "student_age_unknown",
            Error::StudentTooYoung(_) => "student_too_young",
            Error::StudentConsentOff => "student_consent_off",
            Error::NoUnknownSigner(_) => "no_unknown_signer",
            Error::ScanUnsupported { .. } => "scan_unsupported",
            Error::ScanMalformed { .. } => "scan_malformed",
            Error::GuardianNotFound(_) => "guardian_not_found",
            Error::YearReadOnly { .. } => "year_read_only",
            Error::YearAlreadyClosed { .. } => "year_already_closed",
            Error::YearTooEarlyToClose { .. } => "year_too_early_to_close",
            Error::YearNotConfirmed { .. } => "year_not_confirmed",
            Error::OverrideReasonNeeded => "override_reason_needed",
            Error::YearOpenRefused { .. } => "year_open_refused",
            Error::DeletionNotNeeded { .. } => "deletion_not_needed",
            Error::DeletionNotOfStaff { .. } => "deletion_not_of_staff",
            Error::DeletionAlreadyConfirmed { .. } => "deletion_already_confirmed",
            Error::DeletionNothingToCorrect(_) => "deletion_nothing_to_correct",
            Error::DeletionNoUses(_) => "deletion_no_uses",
            Error::CorrectionRefused { .. } => "correction_refused",
            Error::UnknownCorrectionField(..) => "unknown_correction_field",
            Error::UnknownCorrectionReason(..) => "unknown_correction_reason",
            Error::GuardianNameNotFound(_) => "guardian_name_not_found",
            Error::GuardianAmbiguous { .. } => "guardian_ambiguous",
            Error::ExportFolderNotEmpty(_) => "export_folder_not_empty",
            Error::RequestNotFound(_) => "request_not_found",
            Error::RequestAlreadyAnswered { .. } => "request_already_answered",
            Error::RequestAlreadyExtended { .. } => "request_already_extended",
            Error::RequestExtensionTooLate { .. } => "request_extension_too_late",
            Error::InputMissing(_) => "input_missing",
            Error::InputNotAFile { .. } => "input_not_a_file",
            Error::ScanActiveContent { .. } => "scan_active_content",
            Error::ScanImageTooLarge { .. } => "scan_image_too_large",
            Error::ScanStackEmpty => "scan_stack_empty",
            Error::ScanStackTooLarge { .. } => "scan_stack_too_large",
            Error::ScanStackEncrypted { .. } => "scan_stack_encrypted",
            Error::ScanStackDamaged { .. } => "scan_stack_damaged",
            Error::ScanStackUnsupported { .. } => "scan_stack_unsupported",
            Error::ScanStackNoScan { .. } => "scan_stack_no_scan",
            Error::LogoRefused { .. } => "logo_refused",
            Error::BackupDamaged { .. } => "backup_damaged",
            Error::DiskUnwritable => "disk_unwritable",
            Error::RecoveryFileModified => "recovery_file_modified",
        }
    }

    /// The English message, for the English interface.
    pub fn message_en(&self) -> String {
        match self {
            Error::NoStore(p) => format!("No Balise store in {}. Run \"balise init\" or open Balise to create it.", p.display()),
            Error::StoreExists(p) => format!("A Balise store already exists in {}: Balise never creates a new key over existing data.", p.display()),
            Error::RecoveryFileMissing(p) => format!("The recovery file (balise.recovery) is missing or unreadable in {}. Restore the whole data folder from a copy.", p.display()),
            Error::Keychain(KeychainProblem::Unavailable(_)) => "The system keychain is not available. Open a normal session, or unlock Balise with the recovery key.".into(),
            Error::Keychain(KeychainProblem::Locked) => "The system keychain is locked. Unlock it, or use the recovery key.".into(),
            Error::Keychain(KeychainProblem::EntryMissing) => "This data's key is not in this computer's keychain (entry deleted, new computer or restored folder). Type the recovery key to unlock Balise; it will be put back in the keychain.".into(),
            Error::Keychain(KeychainProblem::EntryDamaged) => "Balise's keychain entry is damaged. Type the recovery key to unlock Balise; the entry will be repaired.".into(),
            Error::RecoveryKeyMalformed(why) => format!("The recovery key is malformed ({why})."),
            Error::WrongRecoveryKey => "This recovery key does not match this store. Check this school's recovery-key sheet; nothing was changed.".into(),
            Error::NotReadable => "The data file cannot be read with this key: wrong key or damaged file. Restore a backup or use the recovery key.".into(),
            Error::NewerSchema { found, known } => format!("This data was made by a newer Balise (schema {found}, this version knows {known}). Install the latest Balise; nothing was changed."),
            Error::UnknownSetting(k, all) => format!("Unknown setting \"{k}\". Possible settings: {all}."),
            Error::InvalidSetting { key, reason } => format!("Value refused for \"{key}\": {reason}"),
            Error::BadBackup { file, reason } => format!("The backup {file} is unusable: {reason}. Nothing was replaced."),
            Error::DiskFull => "The disk is full: the operation was cancelled and the data left as it was. Free some space and try again.".into(),
            Error::Busy => "The data file is in use by another Balise window or command. Close it and try again.".into(),
            Error::Io { path, detail } => format!("Read or write error on {}: {detail}", path.display()),
            Error::Database(d) => format!("Database error: {d}"),
            Error::Pdf(_) => "The PDF could not be created. Try again; if it happens again, tell IT support.".into(),
            Error::InvalidValue { field, reason_en, .. } => format!("Value refused for \"{}\": {reason_en}", field.en()),
            Error::PlatformNotFound(name) => format!("The platform \"{name}\" is not in the catalogue. Check the name in the platform list, or add it to the catalogue."),
            Error::PlatformExists(name) => format!("The platform \"{name}\" is already in the catalogue: change it rather than adding it twice."),
            Error::ProhibitedPlatform(name) => format!("\"{name}\" is a prohibited platform (Directive, art. 4): it cannot be registered as a class's platform. Record an infraction to follow up instead (\"balise infraction add\")."),
            Error::StaffNotFound(name) => format!("No staff member named \"{name}\". Check the name in the staff list, or add this person first."),
            Error::StaffExists(name) => format!("\"{name}\" is already on the staff list: use the existing record."),
            Error::ClassNotFound { year, code } => format!("No class \"{code}\" in school year {year}. Check the code and year in the class list, or add the class first."),
            Error::ClassExists { year, code } => format!("The class \"{code}\" already exists for school year {year}: complete it rather than adding it twice."),
            Error::UseNotFound(id) => format!("No platform use no. {id}. Check the number in the list of uses."),
            Error::UseExists { class_code, platform, existing, .. } => format!("The class \"{class_code}\" already uses {platform} for this audience (use no. {existing}): complete that record rather than adding a second one."),
            Error::NoPresentationDocument(id) => format!("Use no. {id} has no presentation document (art. 5.1): attach it first, then try again."),
            Error::InfractionNotFound(id) => format!("No infraction no. {id}. Check the number in the list of infractions."),
            Error::ProjectNotFound(id) => format!("No project no. {id}. Check the number in the list of projects."),
            Error::SpaceNotFound(id) => format!("No social-media space request no. {id}. Check the number in the list of spaces."),
            Error::AdultNotFound(id) => format!("No adult no. {id} in this project. Check the number in the project's list of adults."),
            Error::OtherTemplate { number, what_en, how_en, .. } => format!("Form {number} is {what_en}; {how_en}"),
            Error::InfractionAlreadyResolved { id, on } => format!("Infraction no. {id} is already resolved (on {on}); nothing was changed."),
            Error::AttachmentNotFound(id) => format!("No attachment no. {id}."),
            Error::AttachmentTooLarge { name, megabytes } => format!("The file \"{name}\" is {megabytes} MB: the limit is 20 MB. Make it smaller (black-and-white or 200 dpi scan, compressed PDF) and attach it again."),
            Error::AttachmentUnsupported { name } => format!("The file \"{name}\" is empty or not of an accepted type. Attach a PDF, a PNG or JPEG image, or a Word (.docx) or OpenDocument (.odt) document."),
            Error::AttachmentDamaged(id) => format!("Attachment no. {id} is damaged: its content no longer matches its SHA-256 fingerprint. Check the store (\"balise verify\") and restore a backup if needed."),
            Error::ExportTargetExists(p) => format!("The file {} already exists: Balise does not overwrite it. Choose another name or folder.", p.display()),
            Error::RosterEmpty { name } => format!("The file \"{name}\" is empty: it has no line to import. Check that the export was made, then try again."),
            Error::RosterTooLarge { name, megabytes } => format!("The file \"{name}\" is {megabytes} MB: a class list is much smaller (the limit is 50 MB). Check that it is the right file."),
            Error::RosterUnreadable { name, reason_en, .. } => format!("The file \"{name}\" cannot be read: {reason_en}. Nothing was imported."),
            Error::RosterEncoding { name, line, reason_en, .. } => format!("The file \"{name}\" is neither UTF-8 nor Windows-1252 (line {line}): {reason_en}. Save it again as \"CSV UTF-8\" from Excel, then try again; nothing was imported."),
            Error::RosterUnknownSheet { sheet, sheets } => format!("The workbook has no sheet \"{sheet}\". Sheets in the workbook: {sheets}."),
            Error::RosterMissingColumn { missing_en, found, .. } => format!("Column not found: {missing_en}. Columns in the file: {found}. Say which column to use (at the columns step, or on the command line: --map groupe=\"Homeroom\")."),
            Error::RosterUnknownHeader { header, found } => format!("The file has no column \"{header}\". Columns in the file: {found}."),
            Error::RosterUnknownField { key, known } => format!("Unknown field \"{key}\". Possible fields: {known}."),
            Error::RosterRejectedRows { count, first_line } => format!("{count} line(s) of the file are refused (first: line {first_line}). Correct them in the file, or import skipping the refused lines; nothing was imported."),
            Error::FormNumberInvalid(_) => "This is not a form number (a typo, or a character that is not used in form numbers). Read the number printed at the top right of the form again.".into(),
            Error::FormNotFound(number) => format!("No form has the number {number}. Read the number printed at the top right of the form again."),
            Error::StudentNotFound(who) => format!("No student \"{who}\" this year. Give their student number, or their name as \"Last, First\"."),
            Error::SettingNeededToPrint { what_en, .. } => format!("{what_en} is missing in Settings: it is printed on every form. Fill it in, then print again; nothing was printed."),
            Error::NothingToPrint(_) => "Nothing to print: no form matches this choice (a class without students, or without a platform that needs consent).".into(),
            Error::PresentationNotPrintable { platform, class_code, why_en, .. } => format!("The presentation document of {platform} (class {class_code}) cannot be printed with the forms: {why_en} Or print without \"with the presentation document\"; nothing was printed."),
            Error::UseNotAuthorized { platform, class_code, missing_en, .. } => format!("The forms for {platform} (class {class_code}) cannot be printed: {missing_en} A parent would sign for a platform the Directive does not allow yet (art. 4). Record what is missing in the class, then print; nothing was printed."),
            Error::FormAlreadyRecorded { number, on, answers } => format!("Form {number} is already recorded: received on {on}, {answers}. To change what was typed, make a correction; for a new signed form, record it as such."),
            Error::NothingToCorrect(number) => format!("Nothing to correct: form {number} has not been recorded as received or refused yet."),
            Error::NothingToWithdraw(number) => format!("Nothing to withdraw: form {number} has no \"yes\" in force for this question. A parent who refuses without having consented: record a refusal."),
            Error::YearClosed(year) => format!("The school year {year} is closed: its forms can no longer be changed. Consents do not carry over; print a form for the current year."),
            Error::DoNotContactSigner => "This parent or guardian is marked \"do not contact\": their signature is accepted only with a justified override (the reason is recorded).".into(),
            Error::SignerNeeded => "Say who signed: no parent or guardian who may be contacted is on file for this student (or the one chosen is not on file).".into(),
            Error::StudentAgeUnknown => "The student's birth date is not known: Balise cannot check that they are 14. Have a parent sign, or import the birth date.".into(),
            Error::StudentTooYoung(age) => format!("The student was {age} on that day: a student's own consent is accepted from 14 only. Have a parent or guardian sign."),
            Error::StudentConsentOff => "The Annexe A is signed by a parent or guardian: a student's own consent is not allowed in Settings. The principal may allow it for students aged 14 or more (\"Student's consent\"). Nothing was recorded.".into(),
            Error::NoUnknownSigner(number) => format!("Nothing to link: form {number} has no signature by a person not on file."),
            Error::ScanUnsupported { name } => format!("\"{name}\" is not an accepted scan: only PDF, JPEG and PNG files are. Nothing was saved."),
            Error::GuardianNotFound(id) => format!("No current parent or guardian number {id}. Check the number in the student list (\"balise student list --json\", field guardians.id)."),
            Error::ScanMalformed { name } => format!("\"{name}\" is damaged or incomplete (it does not end like a PDF, JPEG or PNG). Scan it again; nothing was saved."),
            Error::YearReadOnly { year, on } => format!("The school year {year} is closed (since {on}): its data can no longer be changed (classes, uses, students, forms, consents). Work in the current year, or open the next one (\"balise year open\")."),
            Error::YearAlreadyClosed { year, on } => format!("The school year {year} is already closed (on {on}); nothing was changed."),
            Error::YearTooEarlyToClose { year, from } => format!("The school year {year} can be closed from {from} only: it is still running and the end-of-year deletions (art. 5.9) happen in June. Nothing was changed."),
            Error::YearNotConfirmed { year, count, first } => format!("The school year {year} cannot be closed: {count} end-of-year deletion(s) are not confirmed in writing (art. 5.9): {first}. Have them confirmed, or close anyway with a justified override (--override --reason \"…\"); nothing was changed."),
            Error::OverrideReasonNeeded => "An override needs a reason (--reason \"…\"). Nothing was changed.".into(),
            Error::YearOpenRefused { year, reason_en, .. } => format!("The school year {year} cannot be opened: {reason_en} Nothing was changed."),
            Error::DeletionNotNeeded { use_id, platform } => format!("Use no. {use_id} ({platform}) is not subject to the end-of-year deletion (art. 5.9): there is nothing to confirm."),
            Error::DeletionNotOfStaff { use_id, class_code } => format!("Use no. {use_id} (class {class_code}) is not this staff member's (the use's staff, else the class's teachers). Check the number in \"balise deletion list\"."),
            Error::DeletionAlreadyConfirmed { use_id, on, how } => format!("The deletion for use no. {use_id} is already confirmed: on {on}, {how}. To change what was typed, make a correction (\"balise deletion correct\"); nothing was saved."),
            Error::DeletionNothingToCorrect(use_id) => format!("Nothing to correct: the deletion for use no. {use_id} has not been confirmed yet."),
            Error::DeletionNoUses(year) => format!("None of this staff member's platform uses is subject to the end-of-year deletion in {year} (art. 5.9)."),
            Error::CorrectionRefused { field, reason_en, .. } => format!("Correction refused for \"{field}\": {reason_en}. Nothing was changed."),
            Error::UnknownCorrectionField(field, allowed) => format!("\"{field}\" cannot be corrected here. Possible fields: {allowed}."),
            Error::UnknownCorrectionReason(reason, allowed) => format!("Unknown reason \"{reason}\". Possible reasons: {allowed}."),
            Error::GuardianNameNotFound(who) => format!("No parent or guardian \"{who}\" this year. Give their name as \"First Last\" or \"Last, First\", their e-mail, or their number (\"balise student list --json\", field guardians.id)."),
            Error::GuardianAmbiguous { name, choices } => format!("Several parents or guardians are named \"{name}\": give the e-mail or the parent's number ({choices})."),
            Error::ExportFolderNotEmpty(p) => format!("The folder {} exists and is not empty: Balise does not write over it. Choose a new folder.", p.display()),
            Error::RequestNotFound(id) => format!("No access or rectification request no. {id}. Check the number in \"balise request list\"."),
            Error::RequestAlreadyAnswered { id, on, .. } => format!("Request no. {id} was already answered (on {on}): an answer is not changed. Record a new request if the person comes back; nothing was changed."),
            Error::RequestAlreadyExtended { id, on } => format!("The deadline of request no. {id} was already extended (on {on}): the law allows one 10-day extension (Access Act, s. 98); nothing was changed."),
            Error::RequestExtensionTooLate { id, deadline } => format!("The deadline of request no. {id} can only be extended before it runs out on {deadline}, with a notice to the person (Access Act, s. 98, para. 2); nothing was changed."),
            Error::InputMissing(p) => format!("The file {} does not exist. Check its name and folder (a typo, a moved file?), then try again.", p.display()),
            Error::InputNotAFile { path, what_en, .. } => format!("{} is not a regular file: it is {what_en}. Balise reads files only; choose the file itself, then try again.", path.display()),
            Error::ScanActiveContent { name } => format!("\"{name}\" holds active content (a script, a program launch, an embedded file or a dynamic form): Balise does not keep such a PDF. Scan the paper form again, or open the PDF and print it to PDF (\"Print\", then \"Save as PDF\"), then attach that new file; nothing was saved."),
            Error::ScanImageTooLarge { name, width, height } => format!("\"{name}\" is an image of {width} × {height} pixels: a scan has far fewer (at most 12,000 pixels a side and 100 megapixels). Scan it again at 300 dpi; nothing was saved."),
            Error::ScanStackEmpty => "No file to read: choose the file or files the copier produced (PDF, TIFF, PNG or JPEG).".into(),
            Error::ScanStackTooLarge { name, megabytes, limit } => format!("\"{name}\" is {megabytes} MB: a file of a scanned stack is at most {limit} MB. Scan the stack into several files (say 100 sheets at a time, at 200 or 300 dpi, greyscale or black and white), then try again; nothing was read."),
            Error::ScanStackEncrypted { name } => format!("\"{name}\" is a protected PDF (encrypted, with a password): Balise does not read its pages. Scan the stack again without protection, or save the PDF without a password, then try again; nothing was read."),
            Error::ScanStackDamaged { name, reason_en, .. } => format!("\"{name}\" is damaged or incomplete ({reason_en}). Check that the file was copied whole, or scan the stack again, then try again; nothing was read."),
            Error::ScanStackUnsupported { name } => format!("\"{name}\" is not a scan Balise can read: only PDF, TIFF, PNG and JPEG files are. Set the copier to produce a PDF (200 or 300 dpi, greyscale or black and white), then try again; nothing was read."),
            Error::ScanStackNoScan { name, pages } => format!("\"{name}\" holds no scanned page: its {pages} page(s) are text or drawings, not the image of a sheet. Choose the PDF the copier produced, then try again; nothing was read."),
            Error::LogoRefused { name, reason_en, .. } => format!("\"{name}\" cannot be used as a logo: {reason_en}. Choose a PNG or JPEG image of at most 2 MB and 4,000 pixels a side; nothing was saved."),
            Error::BackupDamaged { file, other_store_possible } => format!("The backup file {file} is incomplete or damaged{}: it cannot be used. Choose another backup (\"balise backup list\" lists them newest first) and verify it before restoring it; nothing was replaced.", if *other_store_possible { " (or it comes from another Balise store)" } else { "" }),
            Error::DiskUnwritable => "The disk is full or unreachable: Balise could not write to it, not even to read its data. The operation was cancelled and the data left as it was. Free some space on this disk (a few megabytes are enough) and try again; if it is not full, check that it is connected.".into(),
            Error::RecoveryFileModified => "The recovery file (balise.recovery) has been modified: its parameters are not those Balise writes, so it cannot unlock. Put it back from a copy of the data folder, then try again; nothing was changed.".into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, err: std::io::Error) -> Error {
        use std::io::ErrorKind;
        // ENOSPC is 28 on Unix only (28 is ERROR_OUT_OF_PAPER on Windows, whose disk-full codes std
        // maps to StorageFull).
        if (cfg!(unix) && err.raw_os_error() == Some(28)) || err.kind() == ErrorKind::StorageFull {
            return Error::DiskFull;
        }
        // Said in French with what to do; the system's own words only for the rare rest.
        let detail = match err.kind() {
            ErrorKind::NotFound => "ce fichier ou ce dossier n'existe pas : vérifiez le chemin".to_string(),
            ErrorKind::PermissionDenied => {
                "accès refusé : choisissez un dossier où vous avez le droit d'écrire (vos Documents, par exemple)"
                    .to_string()
            }
            ErrorKind::IsADirectory => "c'est un dossier, pas un fichier".to_string(),
            ErrorKind::ReadOnlyFilesystem => {
                "le disque est en lecture seule : choisissez un autre dossier ou retirez la protection".to_string()
            }
            ErrorKind::AlreadyExists => "un fichier de ce nom existe déjà".to_string(),
            _ => err.to_string(),
        };
        Error::Io { path: path.into(), detail }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Error {
        use rusqlite::ffi::{self, ErrorCode};
        // The I/O errors of a disk that has no room left: a page, the journal or WAL's `-shm`
        // index cannot be grown or synced. The last one fails even reads, as soon as fewer than
        // ~32 KB are free. SQLite does not say whether ENOSPC was the cause, so the message
        // names both a full and an unreachable disk; reads that fail (IOERR_READ) are not here.
        const WRITE_FAILURES: [std::ffi::c_int; 6] = [
            ffi::SQLITE_IOERR_WRITE,
            ffi::SQLITE_IOERR_SHMSIZE,
            ffi::SQLITE_IOERR_SHMMAP,
            ffi::SQLITE_IOERR_FSYNC,
            ffi::SQLITE_IOERR_DIR_FSYNC,
            ffi::SQLITE_IOERR_TRUNCATE,
        ];
        if err.sqlite_error().is_some_and(|e| WRITE_FAILURES.contains(&e.extended_code)) {
            return Error::DiskUnwritable;
        }
        match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => Error::NotReadable,
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Busy,
            // Other SQLite messages name tables and constraints, never row values.
            _ => Error::Database(err.to_string()),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The fields of the register a value can be refused for; the French label goes in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    SchoolYear,
    PlatformName,
    Audiences,
    Status,
    ToleratedUntil,
    Notes,
    StaffName,
    Email,
    ClassCode,
    Level,
    Teachers,
    StartedOn,
    EndedOn,
    AuthorizedOn,
    AuthorizedBy,
    CommitteeValidatedOn,
    ValidatedOn,
    ValidatedBy,
    SentOn,
    FoundOn,
    Description,
    KeptDocuments,
    ResolvedOn,
    Resolution,
    Answer,
    How,
    Question,
    ReceivedOn,
    Signer,
    Reason,
    WithdrawnOn,
    ReportedBy,
    ExportFile,
    // Access requests (issue 15, item 17).
    RequestKind,
    Requester,
    ExtendedOn,
    AnsweredOn,
    /// A guardian's form language (issue 15, item 14).
    Language,
    // Projects and their forms (issue 17).
    Title,
    Medium,
    Role,
    LastName,
    FirstName,
    Item,
    /// A social-media space's « consultation et adhésion ».
    AccessLevel,
}

impl Field {
    pub fn fr(self) -> &'static str {
        match self {
            Field::SchoolYear => "année scolaire",
            Field::PlatformName => "nom de la plateforme",
            Field::Audiences => "destinataires",
            Field::Status => "statut",
            Field::ToleratedUntil => "tolérée jusqu'au",
            Field::Notes => "notes",
            Field::StaffName => "nom du membre du personnel",
            Field::Email => "courriel",
            Field::ClassCode => "code de la classe",
            Field::Level => "niveau",
            Field::Teachers => "enseignant·es",
            Field::StartedOn => "date de début",
            Field::EndedOn => "date de fin",
            Field::AuthorizedOn => "date de l'autorisation",
            Field::AuthorizedBy => "autorisé par",
            Field::CommitteeValidatedOn => "date de validation par le comité de sécurité",
            Field::ValidatedOn => "date de validation du document",
            Field::ValidatedBy => "document validé par",
            Field::SentOn => "date de transmission aux parents",
            Field::FoundOn => "date du constat",
            Field::Description => "description",
            Field::KeptDocuments => "documents versés au dossier de l'élève (art. 5.10)",
            Field::ResolvedOn => "date de résolution",
            Field::Resolution => "résolution",
            Field::Answer => "réponse",
            Field::How => "moyen de retour",
            Field::Question => "question",
            Field::ReceivedOn => "date de réception",
            Field::Signer => "signataire",
            Field::Reason => "motif",
            Field::WithdrawnOn => "date du retrait",
            Field::ReportedBy => "signalé par",
            Field::ExportFile => "fichier d'exportation",
            Field::RequestKind => "objet de la demande",
            Field::Requester => "personne qui fait la demande",
            Field::ExtendedOn => "date de la prolongation",
            Field::AnsweredOn => "date de la réponse",
            Field::Language => "langue du formulaire",
            Field::Title => "titre",
            Field::Medium => "média",
            Field::Role => "rôle",
            Field::LastName => "nom",
            Field::FirstName => "prénom",
            Field::Item => "case du formulaire",
            Field::AccessLevel => "consultation et adhésion",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Field::SchoolYear => "school year",
            Field::PlatformName => "platform name",
            Field::Audiences => "audiences",
            Field::Status => "status",
            Field::ToleratedUntil => "tolerated until",
            Field::Notes => "notes",
            Field::StaffName => "staff member's name",
            Field::Email => "e-mail",
            Field::ClassCode => "class code",
            Field::Level => "level",
            Field::Teachers => "teachers",
            Field::StartedOn => "start date",
            Field::EndedOn => "end date",
            Field::AuthorizedOn => "authorization date",
            Field::AuthorizedBy => "authorized by",
            Field::CommitteeValidatedOn => "security committee validation date",
            Field::ValidatedOn => "document validation date",
            Field::ValidatedBy => "document validated by",
            Field::SentOn => "date sent to parents",
            Field::FoundOn => "date found",
            Field::Description => "description",
            Field::KeptDocuments => "documents put in the student's file (art. 5.10)",
            Field::ResolvedOn => "resolution date",
            Field::Resolution => "resolution",
            Field::Answer => "answer",
            Field::How => "means of return",
            Field::Question => "question",
            Field::ReceivedOn => "date received",
            Field::Signer => "signer",
            Field::Reason => "reason",
            Field::WithdrawnOn => "withdrawal date",
            Field::ReportedBy => "reported by",
            Field::ExportFile => "export file",
            Field::RequestKind => "what is asked",
            Field::Requester => "person making the request",
            Field::ExtendedOn => "extension date",
            Field::AnsweredOn => "answer date",
            Field::Language => "form language",
            Field::Title => "title",
            Field::Medium => "medium",
            Field::Role => "role",
            Field::LastName => "last name",
            Field::FirstName => "first name",
            Field::Item => "form box",
            Field::AccessLevel => "consultation and membership",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.fr())
    }
}

/// Why a PDF could not be produced. Messages are in French: they reach the school staff as is.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("Le document PDF ne contient aucune page\u{a0}: il n’a pas été créé.")]
    NoPages,

    #[error("La date du {0} ne peut pas être inscrite dans un PDF\u{a0}: vérifiez la date de l’ordinateur.")]
    DateOutOfRange(chrono::NaiveDate),

    #[error(
        "La clé de récupération est vide ou mal formée (seuls des lettres, des chiffres et des \
         tirets entre les groupes sont attendus)\u{a0}: la feuille n’a pas été créée."
    )]
    InvalidRecoveryCode,

    #[error(
        "Le numéro de formulaire «\u{a0}{0}\u{a0}» est mal formé\u{a0}: les formulaires n’ont pas été \
         créés. Signalez-le au soutien informatique."
    )]
    InvalidFormNumber(String),

    #[error("Le code QR n’a pas pu être créé\u{a0}: {0}.")]
    QrCode(String),

    #[error(
        "La création du PDF a échoué\u{a0}: {0}. Réessayez\u{202F}; si l’erreur revient, \
         signalez-la au soutien informatique."
    )]
    Serialization(String),
}

/// Why what was typed is not a form number. Messages are French: they reach the person typing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormNumberError {
    #[error("Aucun numéro de formulaire n’a été tapé.")]
    Empty,

    #[error(
        "Le caractère «\u{a0}{0}\u{a0}» n’existe pas dans les numéros de formulaire{hint}. Relisez le numéro \
         imprimé en haut à droite du formulaire.",
        hint = confusable_hint(*.0)
    )]
    UnexpectedCharacter(char),

    #[error(
        "Le numéro compte {0}\u{a0}caractères\u{a0}; un numéro de formulaire en compte 7 (par exemple \
         K7M-4QXC). Relisez le numéro imprimé en haut à droite du formulaire."
    )]
    WrongLength(usize),

    #[error(
        "Ce numéro de formulaire contient une faute de frappe (le caractère de contrôle ne correspond \
         pas). Relisez-le caractère par caractère ou lisez le code QR du formulaire."
    )]
    CheckFailed,
}

fn confusable_hint(c: char) -> &'static str {
    match c {
        '0' | 'O' | 'o' | '1' | 'I' | 'i' => " (les caractères 0, O, 1 et I ne sont jamais utilisés)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::ErrorKind;

    #[test]
    fn a_file_system_refusal_is_said_in_french_with_what_to_do() {
        for (kind, expected) in [
            (ErrorKind::NotFound, "n'existe pas"),
            (ErrorKind::PermissionDenied, "accès refusé : choisissez un dossier"),
            (ErrorKind::IsADirectory, "c'est un dossier"),
            (ErrorKind::ReadOnlyFilesystem, "lecture seule"),
        ] {
            let message = Error::io("/media/cle/Formulaires.pdf", std::io::Error::from(kind)).to_string();
            assert!(message.contains(expected) && !message.contains("os error"), "{kind:?}: {message}");
        }
        let full = Error::io("/media/cle/f.pdf", std::io::Error::from_raw_os_error(28));
        assert!(matches!(full, Error::DiskFull), "{full:?}");
    }

    fn sqlite(extended_code: std::ffi::c_int) -> Error {
        Error::from(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(extended_code), None))
    }

    /// Regression (issue 14, item 5): below ~32 KB free even a read failed with « Erreur de la
    /// base de données : disk I/O error », because WAL's `-shm` file could not be grown. The
    /// I/O errors a full disk causes say so, in French, with what to do.
    #[test]
    fn the_io_errors_of_a_full_disk_say_the_disk_is_full() {
        use rusqlite::ffi;
        for code in [
            ffi::SQLITE_IOERR_WRITE,
            ffi::SQLITE_IOERR_SHMSIZE,
            ffi::SQLITE_IOERR_SHMMAP,
            ffi::SQLITE_IOERR_FSYNC,
            ffi::SQLITE_IOERR_DIR_FSYNC,
            ffi::SQLITE_IOERR_TRUNCATE,
        ] {
            let err = sqlite(code);
            assert_eq!(err.code(), "disk_unwritable", "extended code {code}: {err}");
            let text = err.to_string();
            assert!(text.starts_with("Le disque est plein ou inaccessible"), "{code}: {text}");
            assert!(text.contains("Libérez de l'espace"), "{code}: says what to do: {text}");
            assert!(!err.message_en().is_empty());
        }
        assert_eq!(sqlite(ffi::SQLITE_FULL).code(), "disk_full");
        // A read error is not a full disk: it stays a database error.
        assert_eq!(sqlite(ffi::SQLITE_IOERR_READ).code(), "database");
    }
}
