//! Build script of the shell: points tauri-build at the access-control files in src-tauri/ and
//! the configuration at the repository root.

fn main() {
    for watched in ["tauri.conf.json", "src-tauri/capabilities", "src-tauri/permissions", "ui", "icons"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    // Hand-written permission files (not AppManifest::commands) so nothing is generated at the root.
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().permissions_path_pattern("./src-tauri/permissions/**/*"));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build a échoué : {error:#}");
    }
}
