rev() { local s=$1 out= i; for (( i=${#s}-1; i>=0; i-- )); do out+=${s:i:1}; done; echo "$out"; }
rev hello; rev "a b c"; rev ""
