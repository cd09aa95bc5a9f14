//! The `pmlint` binary: parse arguments, run, exit with the outcome's code.

fn main() {
    std::process::exit(pmlint::cli::run());
}
