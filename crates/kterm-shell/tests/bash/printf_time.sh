printf '%(%Y-%m-%d %H:%M:%S)T\n' 0
printf '%(%s)T\n' 86400
printf '[%(%H)T]\n' 3600
