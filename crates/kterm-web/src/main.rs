fn main() {
    kterm_web::boot();
}
