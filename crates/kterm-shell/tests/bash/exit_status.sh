true; echo $?
false; echo $?
nosuchcommand; echo $?
! true; echo $?
exit 42
