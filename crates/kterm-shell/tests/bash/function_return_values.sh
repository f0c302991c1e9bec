ok() { return 0; }; bad() { return 1; }; big() { return 300; }
ok && echo ok-true
bad || echo bad-false
big; echo $?
noret() { false; }; noret; echo $?
r() { return; }; false; r; echo $?
