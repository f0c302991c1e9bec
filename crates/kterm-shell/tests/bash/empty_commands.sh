x=1 ; ; echo never
