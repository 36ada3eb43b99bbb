//! How an error crosses to the webview: `{code, message, message_en}`; the UI branches on `code` only.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct IpcError {
    pub code: String,
    pub message: String,
    pub message_en: String,
}

impl From<balise_core::Error> for IpcError {
    fn from(err: balise_core::Error) -> IpcError {
        IpcError::of(&err)
    }
}

impl IpcError {
    pub fn of(err: &balise_core::Error) -> IpcError {
        IpcError { code: err.code().into(), message: err.to_string(), message_en: err.message_en() }
    }

    pub fn not_open() -> IpcError {
        IpcError {
            code: "not_open".into(),
            message: "Le coffre de Balise n'est pas ouvert. Créez-le ou déverrouillez-le d'abord.".into(),
            message_en: "Balise's store is not open. Create or unlock it first.".into(),
        }
    }

    pub fn no_pending_recovery() -> IpcError {
        IpcError {
            code: "recovery_key_gone".into(),
            message: "La clé de récupération n'est plus affichable : elle n'est montrée qu'une fois, à la création."
                .into(),
            message_en: "The recovery key can no longer be shown: it is shown only once, at creation.".into(),
        }
    }
}
