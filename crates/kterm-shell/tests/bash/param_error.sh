echo before
echo ${missing:?custom message}
echo not reached
