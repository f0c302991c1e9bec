echo start
fi
echo never
