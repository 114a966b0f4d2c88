/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Separate build folders let tests and `npm start` build side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
