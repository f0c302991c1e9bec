(exit 256); echo $?
(exit -1); echo $?
(exit 1000); echo $?
f() { return 257; }; f; echo $?
exit abc
