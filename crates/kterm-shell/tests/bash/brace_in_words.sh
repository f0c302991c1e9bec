echo a{b}c {a,b}{,}
echo "{x,y}" '{p,q}' \{m,n\}
v=k; echo {$v,z}-end
echo {1..3..}
