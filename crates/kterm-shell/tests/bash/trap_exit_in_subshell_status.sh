( trap 'echo "sub exiting $?"' EXIT; exit 4 )
echo "parent got $?"
