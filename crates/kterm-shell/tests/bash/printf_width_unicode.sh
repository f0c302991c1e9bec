printf '[%5s]\n' é
printf '[%-4s]\n' ab
printf '[%.1s]\n' éx
