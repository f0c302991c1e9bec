myvar1=a; myvar2=b; other=c
echo ${!myvar*}
for n in ${!myvar@}; do echo "$n=${!n}"; done
